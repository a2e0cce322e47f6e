package main

// The simulator's hosts list their services in config.service (TSM, TSM-SSH stopped) but
// have no HostServiceSystem to start or stop them: each host gets one here, so that a test
// starts SSH the way an administrator's client does (StartService on
// configManager.serviceSystem), and config.service follows.

import (
	"fmt"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

type HostServiceSystem struct {
	mo.HostServiceSystem
	host *simulator.HostSystem
}

func installServiceSystems() {
	for i, e := range simulator.Map.All("HostSystem") {
		h := e.(*simulator.HostSystem)
		// A host of its own: the model's hosts share the ESX template's service list.
		info := &types.HostServiceInfo{}
		if h.Config != nil && h.Config.Service != nil {
			info.Service = append([]types.HostService(nil), h.Config.Service.Service...)
		}
		h.Config.Service = info
		s := &HostServiceSystem{host: h}
		s.Self = types.ManagedObjectReference{Type: "HostServiceSystem", Value: fmt.Sprintf("serviceSystem-%d", i)}
		s.ServiceInfo = *info
		simulator.Map.Put(s)
		ref := s.Self
		h.ConfigManager.ServiceSystem = &ref
	}
}

func (s *HostServiceSystem) setRunning(id string, running bool) types.BaseMethodFault {
	var fault types.BaseMethodFault = &types.NotFound{}
	simulator.Map.WithLock(s.host, func() {
		for i := range s.host.Config.Service.Service {
			if s.host.Config.Service.Service[i].Key == id {
				s.host.Config.Service.Service[i].Running = running
				fault = nil
			}
		}
		s.ServiceInfo = *s.host.Config.Service
	})
	return fault
}

func (s *HostServiceSystem) StartService(req *types.StartService) soap.HasFault {
	body := &methods.StartServiceBody{}
	if fault := s.setRunning(req.Id, true); fault != nil {
		body.Fault_ = simulator.Fault("", fault)
	} else {
		body.Res = &types.StartServiceResponse{}
	}
	return body
}

func (s *HostServiceSystem) StopService(req *types.StopService) soap.HasFault {
	body := &methods.StopServiceBody{}
	if fault := s.setRunning(req.Id, false); fault != nil {
		body.Fault_ = simulator.Fault("", fault)
	} else {
		body.Res = &types.StopServiceResponse{}
	}
	return body
}
