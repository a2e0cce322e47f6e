package main

// The simulator's PropertyCollector returns everything in one page and has no
// ContinueRetrievePropertiesEx. This one honours RetrieveOptions.maxObjects and hands the
// rest out by token, as vCenter does, so that a client's paging is tested for real.

import (
	"fmt"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

type PagingCollector struct {
	simulator.PropertyCollector
}

type page struct {
	objects []types.ObjectContent
	size    int
}

var pages = struct {
	sync.Mutex
	next  int
	byKey map[string]page
}{byKey: map[string]page{}}

func installPagingCollector(ref types.ManagedObjectReference) {
	pc := &PagingCollector{}
	pc.Self = ref
	simulator.Map.Put(pc)
}

// cut returns the first `size` objects and a token for the rest ("" when none is left).
func cut(objects []types.ObjectContent, size int) ([]types.ObjectContent, string) {
	if size <= 0 || len(objects) <= size {
		return objects, ""
	}
	pages.Lock()
	defer pages.Unlock()
	pages.next++
	token := fmt.Sprintf("page-%d", pages.next)
	pages.byKey[token] = page{objects: objects[size:], size: size}
	return objects[:size], token
}

func (pc *PagingCollector) RetrievePropertiesEx(ctx *simulator.Context, r *types.RetrievePropertiesEx) soap.HasFault {
	res := pc.PropertyCollector.RetrievePropertiesEx(ctx, r)
	body, ok := res.(*methods.RetrievePropertiesExBody)
	if !ok || body.Res == nil || body.Res.Returnval == nil {
		return res
	}
	result := body.Res.Returnval
	result.Objects, result.Token = cut(result.Objects, int(r.Options.MaxObjects))
	return body
}

func (pc *PagingCollector) ContinueRetrievePropertiesEx(ctx *simulator.Context, r *types.ContinueRetrievePropertiesEx) soap.HasFault {
	body := &methods.ContinueRetrievePropertiesExBody{}
	pages.Lock()
	p, ok := pages.byKey[r.Token]
	delete(pages.byKey, r.Token)
	pages.Unlock()
	if !ok {
		body.Fault_ = simulator.Fault("unknown token", &types.InvalidArgument{InvalidProperty: "token"})
		return body
	}
	var result types.RetrieveResult
	result.Objects, result.Token = cut(p.objects, p.size)
	body.Res = &types.ContinueRetrievePropertiesExResponse{Returnval: result}
	return body
}
