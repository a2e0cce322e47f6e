package main

// Security settings through the API, as an administrator's client makes them:
//
//	/reconfig?vm=V  body: JSON {"extraConfig":{"KEY":"VALUE"}, "devices":["pci:0000:3b:00.0",
//	                "vgpu:grid_t4-8q", "usb:path:1/0/3", "tpm"], "firmware":"efi", "secureBoot":true}
//	                one ReconfigVM_Task with that spec
//	/service?host=H&id=TSM-SSH&running=1|0   StartService or StopService on the host's
//	                configManager.serviceSystem (services.go)

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

type reconfigSpec struct {
	ExtraConfig map[string]string `json:"extraConfig"`
	Devices     []string          `json:"devices"`
	Firmware    string            `json:"firmware"`
	SecureBoot  *bool             `json:"secureBoot"`
}

func deviceOf(text string, key int32) (types.BaseVirtualDevice, error) {
	kind, id := text, ""
	if i := strings.Index(text, ":"); i >= 0 {
		kind, id = text[:i], text[i+1:]
	}
	base := types.VirtualDevice{Key: key}
	switch kind {
	case "pci":
		base.Backing = &types.VirtualPCIPassthroughDeviceBackingInfo{
			VirtualDeviceDeviceBackingInfo: types.VirtualDeviceDeviceBackingInfo{DeviceName: "passthrough device"},
			Id:                             id, DeviceId: "1eb8", SystemId: "5e6f0a1c", VendorId: 4318,
		}
		return &types.VirtualPCIPassthrough{VirtualDevice: base}, nil
	case "vgpu":
		base.Backing = &types.VirtualPCIPassthroughVmiopBackingInfo{Vgpu: id}
		return &types.VirtualPCIPassthrough{VirtualDevice: base}, nil
	case "usb":
		base.Backing = &types.VirtualUSBUSBBackingInfo{
			VirtualDeviceDeviceBackingInfo: types.VirtualDeviceDeviceBackingInfo{DeviceName: id},
		}
		return &types.VirtualUSB{VirtualDevice: base}, nil
	case "tpm":
		return &types.VirtualTPM{VirtualDevice: base}, nil
	}
	return nil, fmt.Errorf("unknown device %q (pci:ID, vgpu:PROFILE, usb:PATH, tpm)", text)
}

func (c *control) reconfig(r *http.Request) error {
	e, err := find("VirtualMachine", r.URL.Query().Get("vm"))
	if err != nil {
		return err
	}
	var want reconfigSpec
	if err := json.NewDecoder(r.Body).Decode(&want); err != nil {
		return err
	}
	spec := types.VirtualMachineConfigSpec{Firmware: want.Firmware}
	for key, value := range want.ExtraConfig {
		spec.ExtraConfig = append(spec.ExtraConfig, &types.OptionValue{Key: key, Value: value})
	}
	for i, text := range want.Devices {
		device, err := deviceOf(text, int32(-100-i))
		if err != nil {
			return err
		}
		spec.DeviceChange = append(spec.DeviceChange, &types.VirtualDeviceConfigSpec{
			Operation: types.VirtualDeviceConfigSpecOperationAdd, Device: device})
	}
	if want.SecureBoot != nil {
		spec.BootOptions = &types.VirtualMachineBootOptions{EfiSecureBootEnabled: want.SecureBoot}
	}
	return c.withClient(func(ctx context.Context, client *govmomi.Client) error {
		task, err := object.NewVirtualMachine(client.Client, e.Reference()).Reconfigure(ctx, spec)
		if err != nil {
			return err
		}
		return task.Wait(ctx)
	})
}

func (c *control) service(r *http.Request) error {
	q := r.URL.Query()
	e, err := find("HostSystem", q.Get("host"))
	if err != nil {
		return err
	}
	h := e.(*simulator.HostSystem)
	if h.ConfigManager.ServiceSystem == nil {
		return fmt.Errorf("host %q has no service system", q.Get("host"))
	}
	ref := *h.ConfigManager.ServiceSystem
	return c.withClient(func(ctx context.Context, client *govmomi.Client) error {
		services := object.NewHostServiceSystem(client.Client, ref)
		if q.Get("running") == "1" {
			return services.Start(ctx, q.Get("id"))
		}
		return services.Stop(ctx, q.Get("id"))
	})
}
