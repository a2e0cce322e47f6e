package main

// The control endpoint (plain HTTP on loopback): tests change here what the vSphere API
// cannot change in the simulator. Every call is POST /WHAT?key=value...; the answer is "ok"
// or a 4xx with the reason. GET /stats gives the /sdk request counts as JSON.
//
//	/host?name=H  connection=connected|disconnected|notResponding  maintenance=true|false
//	              status=green|yellow|red|gray  alarm=NAME:red|yellow  clear_alarms=1
//	              cpu_mhz=N mem_mb=N uptime=S
//	/vm?name=V    connection=connected|disconnected|orphaned|inaccessible|invalid
//	              tools=guestToolsRunning|guestToolsNotRunning  consolidation=true|false
//	              question=TEXT (empty: none)  power=on|off|suspend (through the API, as tasks)
//	              cpu_mhz guest_mem host_mem balloon swapped compressed uptime (quick stats)
//	/snapshots?vm=V  body: JSON [{"name":..,"created":RFC3339,"size":BYTES,"children":[...]}]
//	              ([] clears); each size becomes a snapshotData file of the VM's layoutEx
//	/perf?entity=NAME&counter=GROUP.NAME.ROLLUP&instance=I&value=N   what QueryPerf answers
//	              for that VM or host (perf.go); /perf/clear forgets every value set
//	/datastore?name=D  capacity free uncommitted (bytes)  accessible=true|false
//	              maintenance=normal|enteringMaintenance|inMaintenance
//	/sessions/invalidate   every session of the /sdk dies (cookies go stale)
//	/hang?on=1|0           /sdk requests hang until the client gives up
//	/deny?type=T&privilege=P   RetrievePropertiesEx naming type T fails with NoPermission P
//	                           (no privilege: allowed again)
//	/stats/reset
//	/record?on=1|0         keep each /sdk request (cookie and body); GET /recorded gives them
//	                       as JSON and forgets them

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/session"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

const controlAgent = "virtcheck-vcsim-control"

type control struct {
	sdk       *url.URL
	mu        sync.Mutex
	alarms    int
	snapshots int
}

func newControl(sdk *url.URL, user, password string) http.Handler {
	u := *sdk
	u.User = url.UserPassword(user, password)
	c := &control{sdk: &u}
	mux := http.NewServeMux()
	mux.HandleFunc("/host", c.post(c.host))
	mux.HandleFunc("/vm", c.post(c.vm))
	mux.HandleFunc("/snapshots", c.post(c.snapshotTree))
	mux.HandleFunc("/datastore", c.post(c.datastore))
	mux.HandleFunc("/perf", c.post(func(r *http.Request) error {
		q := r.URL.Query()
		return setPerf(q.Get("entity"), q.Get("counter"), q.Get("instance"), q.Get("value"))
	}))
	mux.HandleFunc("/perf/clear", c.post(func(*http.Request) error { clearPerf(); return nil }))
	mux.HandleFunc("/sessions/invalidate", c.post(c.invalidate))
	mux.HandleFunc("/hang", c.post(func(r *http.Request) error {
		state.Lock()
		state.hang = r.URL.Query().Get("on") == "1"
		state.Unlock()
		return nil
	}))
	mux.HandleFunc("/deny", c.post(func(r *http.Request) error {
		q := r.URL.Query()
		state.Lock()
		state.denyType, state.denyPrivID = q.Get("type"), q.Get("privilege")
		state.Unlock()
		return nil
	}))
	mux.HandleFunc("/record", c.post(func(r *http.Request) error {
		state.Lock()
		state.recording = r.URL.Query().Get("on") == "1"
		state.Unlock()
		return nil
	}))
	mux.HandleFunc("/recorded", func(w http.ResponseWriter, r *http.Request) {
		state.Lock()
		defer state.Unlock()
		recorded := state.recorded
		if recorded == nil {
			recorded = []recordedRequest{}
		}
		_ = json.NewEncoder(w).Encode(recorded)
		state.recorded = nil
	})
	mux.HandleFunc("/stats/reset", c.post(func(*http.Request) error {
		state.Lock()
		state.requests, state.methods = 0, map[string]int{}
		state.Unlock()
		return nil
	}))
	mux.HandleFunc("/stats", func(w http.ResponseWriter, r *http.Request) {
		state.Lock()
		defer state.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]interface{}{"requests": state.requests, "methods": state.methods})
	})
	return mux
}

func (c *control) post(f func(*http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		c.mu.Lock()
		err := f(r)
		c.mu.Unlock()
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		fmt.Fprintln(w, "ok")
	}
}

func find(kind, name string) (mo.Entity, error) {
	for _, e := range simulator.Map.All(kind) {
		if e.Entity().Name == name {
			return e, nil
		}
	}
	return nil, fmt.Errorf("no %s named %q", kind, name)
}

// fields applies each present query parameter through its setter, under the object's lock.
func fields(r *http.Request, obj mo.Reference, setters map[string]func(string) error) error {
	q := r.URL.Query()
	for key := range q {
		if key != "name" && key != "vm" && setters[key] == nil {
			return fmt.Errorf("unknown parameter %q", key)
		}
	}
	var err error
	simulator.Map.WithLock(obj, func() {
		for key, set := range setters {
			if vals, ok := q[key]; ok {
				if err = set(vals[0]); err != nil {
					err = fmt.Errorf("%s: %v", key, err)
					return
				}
			}
		}
	})
	return err
}

func int32Setter(target *int32) func(string) error {
	return func(v string) error {
		n, err := strconv.ParseInt(v, 10, 32)
		*target = int32(n)
		return err
	}
}

func int64Setter(target *int64) func(string) error {
	return func(v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		*target = n
		return err
	}
}

func (c *control) host(r *http.Request) error {
	e, err := find("HostSystem", r.URL.Query().Get("name"))
	if err != nil {
		return err
	}
	h := e.(*simulator.HostSystem)
	return fields(r, h, map[string]func(string) error{
		"connection": func(v string) error {
			h.Runtime.ConnectionState = types.HostSystemConnectionState(v)
			h.Summary.Runtime = &h.Runtime
			return nil
		},
		"maintenance": func(v string) error {
			b, err := strconv.ParseBool(v)
			h.Runtime.InMaintenanceMode = b
			return err
		},
		"status": func(v string) error {
			h.OverallStatus = types.ManagedEntityStatus(v)
			h.Summary.OverallStatus = h.OverallStatus
			return nil
		},
		"alarm": func(v string) error {
			parts := strings.SplitN(v, ":", 2)
			if len(parts) != 2 {
				return fmt.Errorf("want NAME:COLOUR")
			}
			h.TriggeredAlarmState = append(h.TriggeredAlarmState, c.newAlarm(h.Self, parts[0], parts[1]))
			return nil
		},
		"clear_alarms": func(string) error { h.TriggeredAlarmState = nil; return nil },
		"cpu_mhz":      int32Setter(&h.Summary.QuickStats.OverallCpuUsage),
		"mem_mb":       int32Setter(&h.Summary.QuickStats.OverallMemoryUsage),
		"uptime":       int32Setter(&h.Summary.QuickStats.Uptime),
	})
}

// Alarm is an alarm definition: the simulator has none, and a triggered alarm's name is
// read from the Alarm object its state points at.
type Alarm struct {
	mo.Alarm
}

func (c *control) newAlarm(entity types.ManagedObjectReference, name, colour string) types.AlarmState {
	c.alarms++
	ref := types.ManagedObjectReference{Type: "Alarm", Value: fmt.Sprintf("alarm-%d", c.alarms)}
	a := &Alarm{}
	a.Self = ref
	a.Info.Name = name
	a.Info.Key = ref.Value
	a.Info.Alarm = ref
	a.Info.Entity = entity
	a.Info.Enabled = true
	simulator.Map.Put(a)
	acknowledged := false
	return types.AlarmState{
		Key: fmt.Sprintf("%s.%s", ref.Value, entity.Value), Entity: entity, Alarm: ref,
		OverallStatus: types.ManagedEntityStatus(colour), Time: time.Now().UTC(), Acknowledged: &acknowledged,
	}
}

func (c *control) vm(r *http.Request) error {
	e, err := find("VirtualMachine", r.URL.Query().Get("name"))
	if err != nil {
		return err
	}
	vm := e.(*simulator.VirtualMachine)
	if power := r.URL.Query().Get("power"); power != "" {
		if err := c.power(vm.Self, power); err != nil {
			return err
		}
	}
	qs := &vm.Summary.QuickStats
	return fields(r, vm, map[string]func(string) error{
		"power": func(string) error { return nil }, // done above, through the API
		"connection": func(v string) error {
			vm.Runtime.ConnectionState = types.VirtualMachineConnectionState(v)
			vm.Summary.Runtime = vm.Runtime
			return nil
		},
		"tools": func(v string) error {
			vm.Guest.ToolsRunningStatus = v
			return nil
		},
		"consolidation": func(v string) error {
			b, err := strconv.ParseBool(v)
			vm.Runtime.ConsolidationNeeded = &b
			return err
		},
		"question": func(v string) error {
			if v == "" {
				vm.Runtime.Question = nil
				return nil
			}
			vm.Runtime.Question = &types.VirtualMachineQuestionInfo{Id: "question-1", Text: v}
			return nil
		},
		"cpu_mhz":    int32Setter(&qs.OverallCpuUsage),
		"guest_mem":  int32Setter(&qs.GuestMemoryUsage),
		"host_mem":   int32Setter(&qs.HostMemoryUsage),
		"balloon":    int32Setter(&qs.BalloonedMemory),
		"swapped":    int32Setter(&qs.SwappedMemory),
		"compressed": int64Setter(&qs.CompressedMemory),
		"uptime":     int32Setter(&qs.UptimeSeconds),
	})
}

// power runs the power task through the SOAP API, as a user's client would.
func (c *control) power(ref types.ManagedObjectReference, how string) error {
	return c.withClient(func(ctx context.Context, client *govmomi.Client) error {
		vm := object.NewVirtualMachine(client.Client, ref)
		var task *object.Task
		var err error
		switch how {
		case "on":
			task, err = vm.PowerOn(ctx)
		case "off":
			task, err = vm.PowerOff(ctx)
		case "suspend":
			task, err = vm.Suspend(ctx)
		default:
			return fmt.Errorf("power: want on, off or suspend")
		}
		if err != nil {
			return err
		}
		return task.Wait(ctx)
	})
}

type snapshotSpec struct {
	Name     string         `json:"name"`
	Created  time.Time      `json:"created"`
	Size     int64          `json:"size"`
	Children []snapshotSpec `json:"children"`
}

// Keys of the snapshot files the control adds to a VM's layoutEx (never the simulator's own).
const snapshotFileKeys = 900000

func (c *control) snapshotTree(r *http.Request) error {
	e, err := find("VirtualMachine", r.URL.Query().Get("vm"))
	if err != nil {
		return err
	}
	vm := e.(*simulator.VirtualMachine)
	var specs []snapshotSpec
	if err := json.NewDecoder(r.Body).Decode(&specs); err != nil {
		return err
	}
	var files []types.VirtualMachineFileLayoutExFileInfo
	var build func([]snapshotSpec) []types.VirtualMachineSnapshotTree
	build = func(list []snapshotSpec) []types.VirtualMachineSnapshotTree {
		var trees []types.VirtualMachineSnapshotTree
		for _, s := range list {
			c.snapshots++
			if s.Size > 0 {
				files = append(files, types.VirtualMachineFileLayoutExFileInfo{
					Key: int32(snapshotFileKeys + c.snapshots), Name: fmt.Sprintf("[LocalDS_0] %s/%s-Snapshot%d.vmsn", vm.Name, vm.Name, c.snapshots),
					Type: string(types.VirtualMachineFileLayoutExFileTypeSnapshotData), Size: s.Size})
			}
			ref := types.ManagedObjectReference{Type: "VirtualMachineSnapshot", Value: fmt.Sprintf("snapshot-ctl-%d", c.snapshots)}
			trees = append(trees, types.VirtualMachineSnapshotTree{
				Snapshot: ref, Vm: vm.Self, Name: s.Name, Id: int32(c.snapshots), CreateTime: s.Created.UTC(),
				State: types.VirtualMachinePowerStatePoweredOff, ChildSnapshotList: build(s.Children),
			})
		}
		return trees
	}
	simulator.Map.WithLock(vm, func() {
		if vm.LayoutEx != nil {
			var kept []types.VirtualMachineFileLayoutExFileInfo
			for _, f := range vm.LayoutEx.File {
				if f.Key < snapshotFileKeys {
					kept = append(kept, f)
				}
			}
			vm.LayoutEx.File = kept
		}
		if len(specs) == 0 {
			vm.Snapshot = nil
			vm.RootSnapshot = nil
			return
		}
		tree := build(specs)
		vm.Snapshot = &types.VirtualMachineSnapshotInfo{RootSnapshotList: tree, CurrentSnapshot: &tree[0].Snapshot}
		if vm.LayoutEx == nil {
			vm.LayoutEx = &types.VirtualMachineFileLayoutEx{}
		}
		vm.LayoutEx.File = append(vm.LayoutEx.File, files...)
	})
	return nil
}

func (c *control) datastore(r *http.Request) error {
	e, err := find("Datastore", r.URL.Query().Get("name"))
	if err != nil {
		return err
	}
	ds := e.(*simulator.Datastore)
	s := &ds.Summary
	return fields(r, ds, map[string]func(string) error{
		"capacity":    int64Setter(&s.Capacity),
		"free":        int64Setter(&s.FreeSpace),
		"uncommitted": int64Setter(&s.Uncommitted),
		"accessible": func(v string) error {
			b, err := strconv.ParseBool(v)
			s.Accessible = b
			return err
		},
		"maintenance": func(v string) error { s.MaintenanceMode = v; return nil },
	})
}

// invalidate terminates every /sdk session but the control's own, which then logs out.
func (c *control) invalidate(*http.Request) error {
	return c.withClient(func(ctx context.Context, client *govmomi.Client) error {
		var sm mo.SessionManager
		if err := client.RetrieveOne(ctx, *client.ServiceContent.SessionManager, []string{"sessionList", "currentSession"}, &sm); err != nil {
			return err
		}
		var others []string
		for _, s := range sm.SessionList {
			if sm.CurrentSession == nil || s.Key != sm.CurrentSession.Key {
				others = append(others, s.Key)
			}
		}
		if len(others) == 0 {
			return nil
		}
		return session.NewManager(client.Client).TerminateSession(ctx, others)
	})
}

func (c *control) withClient(f func(context.Context, *govmomi.Client) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Its own requests carry controlAgent and are left out of the counts (wrap.go).
	soapClient := soap.NewClient(c.sdk, true)
	soapClient.UserAgent = controlAgent
	vimClient, err := vim25.NewClient(ctx, soapClient)
	if err != nil {
		return err
	}
	client := &govmomi.Client{Client: vimClient, SessionManager: session.NewManager(vimClient)}
	if err := client.Login(ctx, c.sdk.User); err != nil {
		return err
	}
	defer client.Logout(ctx)
	return f(ctx, client)
}
