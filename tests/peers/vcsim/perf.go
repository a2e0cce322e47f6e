package main

// The simulator's QueryPerf makes up values (sample data plus noise) and ignores the
// instance asked for. This PerformanceManager answers with the values the control endpoint
// set (POST /perf), per entity, counter and instance, so that a check's figures can be
// compared with what was set: an instance "*" query gets the aggregate "" and every device
// instance set for that entity and counter. Counters nobody set keep the simulator's values.

import (
	"fmt"
	"sort"
	"strconv"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

type PerfManager struct {
	simulator.PerformanceManager
}

type perfKey struct {
	entity  string // the entity's MoRef value
	counter string // "cpu.ready.summation"
}

var perfValues = struct {
	sync.Mutex
	byKey map[perfKey]map[string]int64 // instance -> value
}{byKey: map[perfKey]map[string]int64{}}

func installPerfManager(ref types.ManagedObjectReference) {
	original := simulator.Map.Get(ref).(*simulator.PerformanceManager)
	pm := &PerfManager{*original}
	simulator.Map.Put(pm)
}

func (pm *PerfManager) counterName(id int32) string {
	for _, c := range pm.PerfCounter {
		if c.Key == id {
			return c.GroupInfo.GetElementDescription().Key + "." + c.NameInfo.GetElementDescription().Key + "." +
				string(c.RollupType)
		}
	}
	return ""
}

func (pm *PerfManager) QueryPerf(ctx *simulator.Context, req *types.QueryPerf) soap.HasFault {
	res := pm.PerformanceManager.QueryPerf(ctx, req)
	body, ok := res.(*methods.QueryPerfBody)
	if !ok || body.Res == nil {
		return res
	}
	perfValues.Lock()
	defer perfValues.Unlock()
	for i, spec := range req.QuerySpec {
		metric, ok := body.Res.Returnval[i].(*types.PerfEntityMetric)
		if !ok {
			continue
		}
		n := len(metric.SampleInfo)
		var series []types.BasePerfMetricSeries
		for j, id := range spec.MetricId {
			made := metric.Value[j].(*types.PerfMetricIntSeries)
			set := perfValues.byKey[perfKey{spec.Entity.Value, pm.counterName(id.CounterId)}]
			aggregate := made.Value
			if v, ok := set[""]; ok {
				aggregate = repeat(v, n)
			}
			series = append(series, &types.PerfMetricIntSeries{
				PerfMetricSeries: types.PerfMetricSeries{Id: types.PerfMetricId{CounterId: id.CounterId, Instance: ""}},
				Value:            aggregate})
			if id.Instance != "*" {
				continue
			}
			var instances []string
			for instance := range set {
				if instance != "" {
					instances = append(instances, instance)
				}
			}
			sort.Strings(instances)
			for _, instance := range instances {
				series = append(series, &types.PerfMetricIntSeries{
					PerfMetricSeries: types.PerfMetricSeries{Id: types.PerfMetricId{CounterId: id.CounterId, Instance: instance}},
					Value:            repeat(set[instance], n)})
			}
		}
		metric.Value = series
	}
	return body
}

func repeat(v int64, n int) []int64 {
	values := make([]int64, n)
	for i := range values {
		values[i] = v
	}
	return values
}

// setPerf: POST /perf?entity=NAME&counter=C&instance=I&value=N (a VM or host by name).
func setPerf(entity, counter, instance, value string) error {
	v, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return fmt.Errorf("value: %v", err)
	}
	var ref string
	for _, kind := range []string{"VirtualMachine", "HostSystem"} {
		if e, err := find(kind, entity); err == nil {
			ref = e.Reference().Value
			break
		}
	}
	if ref == "" {
		return fmt.Errorf("no VM or host named %q", entity)
	}
	if counter == "" {
		return fmt.Errorf("counter: want group.name.rollup")
	}
	perfValues.Lock()
	defer perfValues.Unlock()
	key := perfKey{ref, counter}
	if perfValues.byKey[key] == nil {
		perfValues.byKey[key] = map[string]int64{}
	}
	perfValues.byKey[key][instance] = v
	return nil
}

func clearPerf() {
	perfValues.Lock()
	perfValues.byKey = map[perfKey]map[string]int64{}
	perfValues.Unlock()
}
