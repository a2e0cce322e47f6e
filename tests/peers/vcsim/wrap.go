package main

// What happens around every /sdk request: counting (GET /stats on the control endpoint),
// the "hang" mode, and privilege denial. The simulator has no authorization model (every
// session is an administrator), so a user that lacks a privilege is played here: for
// RetrievePropertiesEx calls that name the denied object type, the answer is the
// NoPermission fault vCenter sends, with the privilege in privilegeId.

import (
	"bytes"
	"fmt"
	"io/ioutil"
	"net/http"
	"regexp"
	"sync"
)

type sdkState struct {
	sync.Mutex
	requests    int
	methods     map[string]int
	recording   bool
	recorded    []recordedRequest
	hang        bool
	denyType    string
	denyPrivID  string
	denyObjects int
}

// A request as a client sent it, for replaying (bench/vsphere.sh's C floor).
type recordedRequest struct {
	Cookie string `json:"cookie"`
	Body   string `json:"body"`
}

var state = sdkState{methods: map[string]int{}}

var bodyMethod = regexp.MustCompile(`<(?:[A-Za-z0-9_]+:)?Body[^>]*>\s*<(?:[A-Za-z0-9_]+:)?([A-Za-z0-9_]+)`)

func wrapSDK(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/sdk" || r.UserAgent() == controlAgent {
			next.ServeHTTP(w, r)
			return
		}
		body, _ := ioutil.ReadAll(http.MaxBytesReader(w, r.Body, 64<<20))
		r.Body = ioutil.NopCloser(bytes.NewReader(body))
		method := "?"
		if m := bodyMethod.FindSubmatch(body); m != nil {
			method = string(m[1])
		}

		state.Lock()
		state.requests++
		state.methods[method]++
		if state.recording {
			cookie := ""
			if c, err := r.Cookie("vmware_soap_session"); err == nil {
				cookie = c.Value
			}
			state.recorded = append(state.recorded, recordedRequest{cookie, string(body)})
		}
		hang := state.hang
		deny := state.denyPrivID != "" && method == "RetrievePropertiesEx" &&
			bytes.Contains(body, []byte("<type>"+state.denyType+"</type>"))
		privilege := state.denyPrivID
		state.Unlock()

		if hang {
			<-r.Context().Done() // the client gave up
			return
		}
		if deny {
			w.Header().Set("Content-Type", "text/xml; charset=utf-8")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintf(w, noPermissionFault, privilege, privilege)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// As vCenter 7 sends it (namespace prefixes and all).
const noPermissionFault = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<soapenv:Body>
<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>Permission to perform this operation was denied. (%s)</faultstring><detail><NoPermissionFault xmlns="urn:vim25" xsi:type="NoPermission"><object type="Folder">group-d1</object><privilegeId>%s</privilegeId><missingPrivileges></missingPrivileges></NoPermissionFault></detail></soapenv:Fault>
</soapenv:Body>
</soapenv:Envelope>`
