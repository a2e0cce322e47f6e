// A vCenter / ESXi API simulator for the vSphere tests: govmomi's simulator package behind
// TLS on 127.0.0.1 with one user/password pair, plus a plain-HTTP control endpoint that
// changes what the API cannot (see control.go) and a listener that accepts and never answers.
//
//	vcsim -model esx|vpx -listen 127.0.0.1:P -control 127.0.0.1:P -hang 127.0.0.1:P
//	      -user U -password PW -vms N -dir DIR
//
// DIR receives url (the /sdk URL), ca.pem (the server certificate, for ca_file tests) and,
// last, ready.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"io/ioutil"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

func main() {
	model := flag.String("model", "esx", "esx or vpx")
	listen := flag.String("listen", "127.0.0.1:18440", "the HTTPS /sdk address")
	control := flag.String("control", "127.0.0.1:18441", "the plain-HTTP control address")
	hang := flag.String("hang", "127.0.0.1:18442", "a TCP address that accepts and never answers")
	user := flag.String("user", "vcuser", "the one user name that logs in")
	password := flag.String("password", "vcpass", "its password")
	vms := flag.Int("vms", 2, "VMs per host (esx) or per host and cluster resource pool (vpx)")
	dir := flag.String("dir", ".", "where url, ca.pem and ready are written")
	flag.Parse()

	var m *simulator.Model
	switch *model {
	case "esx":
		m = simulator.ESX()
	case "vpx":
		m = simulator.VPX()
		m.Datacenter = 1
		m.Cluster = 2
		m.ClusterHost = 3
		m.Host = 1
		m.Datastore = 3
	default:
		log.Fatalf("unknown model %q", *model)
	}
	m.Machine = *vms
	if err := m.Create(); err != nil {
		log.Fatal(err)
	}
	defer m.Remove()

	installPagingCollector(m.ServiceContent.PropertyCollector)
	installPerfManager(*m.ServiceContent.PerfManager)
	describeDatastores()
	startGuestTools()

	m.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*user, *password)}
	cert, certPEM := newCertificate()
	m.Service.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	s := m.Service.NewServer()
	defer s.Close()
	// Counting, privilege denial and hanging wrap every /sdk request (wrap.go).
	s.Config.Handler = wrapSDK(s.Config.Handler)

	hangListener, err := net.Listen("tcp", *hang)
	if err != nil {
		log.Fatal(err)
	}
	go acceptAndHold(hangListener)

	controlListener, err := net.Listen("tcp", *control)
	if err != nil {
		log.Fatal(err)
	}
	go func() { log.Fatal(http.Serve(controlListener, newControl(s.URL, *user, *password))) }()

	sdk := *s.URL
	sdk.User = nil
	write(*dir, "url", sdk.String()+"\n")
	write(*dir, "ca.pem", certPEM)
	write(*dir, "ready", fmt.Sprintf("%d\n", os.Getpid()))

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	<-signals
}

// Datastores in the simulator are temp directories: give them a fixed, believable summary
// so that tests do not depend on the file system under /tmp.
func describeDatastores() {
	for i, e := range simulator.Map.All("Datastore") {
		ds := e.(*simulator.Datastore)
		ds.Summary.Capacity = 1 << 40
		ds.Summary.FreeSpace = int64(512+64*i) << 30
		ds.Summary.Uncommitted = 0
		ds.Summary.Accessible = true
		ds.Summary.MaintenanceMode = string(types.DatastoreSummaryMaintenanceModeStateNormal)
	}
}

// The simulator creates VMs whose guest tools do not run; in a real inventory they mostly
// do, and a check warns about those that do not: start with all running (the control can
// stop them per VM).
func startGuestTools() {
	for _, e := range simulator.Map.All("VirtualMachine") {
		vm := e.(*simulator.VirtualMachine)
		vm.Guest.ToolsRunningStatus = string(types.VirtualMachineToolsRunningStatusGuestToolsRunning)
		vm.Guest.ToolsStatus = types.VirtualMachineToolsStatusToolsOk
	}
}

func acceptAndHold(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go func() { _, _ = ioutil.ReadAll(c) }() // reads until the client gives up; never writes
	}
}

func write(dir, name, text string) {
	tmp := filepath.Join(dir, name+".tmp")
	if err := ioutil.WriteFile(tmp, []byte(text), 0644); err != nil {
		log.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		log.Fatal(err)
	}
}
