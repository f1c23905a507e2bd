package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"

	"github.com/examsearch/examsearch/index/indextest"
	"github.com/examsearch/examsearch/ui/uitest"
)

// TestDeployManifests decodes every manifest strictly into the Kubernetes
// API types, checks the probes against routes the server really serves and
// the container command lines against the binary's own flag parsers.
func TestDeployManifests(t *testing.T) {
	files, _ := filepath.Glob("../../deploy/*.yaml")
	if len(files) < 6 {
		t.Fatalf("manifests: %v", files)
	}
	var deploy *appsv1.Deployment
	kinds := map[string]int{}
	var containers []corev1.Container
	for _, f := range files {
		if filepath.Base(f) == "kustomization.yaml" {
			continue
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var head struct{ Kind string }
		if err := yaml.Unmarshal(raw, &head); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var obj any
		var cronJob *batchv1.CronJob
		switch head.Kind {
		case "Deployment":
			deploy = &appsv1.Deployment{}
			obj = deploy
		case "Service":
			obj = &corev1.Service{}
		case "PersistentVolumeClaim":
			obj = &corev1.PersistentVolumeClaim{}
		case "HorizontalPodAutoscaler":
			obj = &autoscalingv2.HorizontalPodAutoscaler{}
		case "PodDisruptionBudget":
			obj = &policyv1.PodDisruptionBudget{}
		case "CronJob":
			cronJob = &batchv1.CronJob{}
			obj = cronJob
		default:
			t.Fatalf("%s: unexpected kind %q", f, head.Kind)
		}
		if err := yaml.UnmarshalStrict(raw, obj); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if cronJob != nil {
			containers = append(containers, cronJob.Spec.JobTemplate.Spec.Template.Spec.Containers...)
		}
		kinds[head.Kind]++
	}
	for _, k := range []string{"Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "CronJob"} {
		if kinds[k] == 0 {
			t.Errorf("no %s", k)
		}
	}
	if deploy == nil {
		t.Fatal("no deployment")
	}
	if *deploy.Spec.Replicas < 2 || deploy.Spec.Strategy.RollingUpdate.MaxUnavailable.IntValue() != 0 {
		t.Errorf("replicas %d, maxUnavailable %v", *deploy.Spec.Replicas, deploy.Spec.Strategy.RollingUpdate.MaxUnavailable)
	}
	containers = append(containers, deploy.Spec.Template.Spec.InitContainers...)
	c := deploy.Spec.Template.Spec.Containers[0]
	if c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Memory().IsZero() {
		t.Errorf("resources not sized: %+v", c.Resources)
	}
	// The probes hit routes the real server answers with 200.
	ts := httptest.NewServer(uitest.Handler(t, indextest.Build(t)))
	defer ts.Close()
	for _, p := range []*corev1.Probe{c.ReadinessProbe, c.LivenessProbe} {
		if p == nil || p.HTTPGet == nil {
			t.Fatal("probe missing")
		}
		resp, err := http.Get(ts.URL + p.HTTPGet.Path)
		if err != nil || resp.StatusCode != 200 {
			t.Errorf("probe %s: %v %v", p.HTTPGet.Path, err, resp)
		}
	}
	// The server's command line parses with the binary's own flag set.
	for _, c := range deploy.Spec.Template.Spec.Containers {
		var cfg serveConfig
		fs := serveFlags("serve", io.Discard, &cfg)
		if len(c.Args) == 0 || c.Args[0] != "serve" || fs.Parse(c.Args[1:]) != nil || fs.NArg() != 0 {
			t.Errorf("%s: args %v rejected", c.Name, c.Args)
		}
	}
	// The jobs' command lines parse with the index command's own flag set.
	if len(containers) < 2 {
		t.Fatalf("only %d job containers found", len(containers))
	}
	for _, c := range containers {
		var cfg indexConfig
		fs := indexFlags(io.Discard, &cfg)
		if len(c.Args) == 0 || c.Args[0] != "index" || fs.Parse(c.Args[1:]) != nil || fs.NArg() != 0 || len(cfg.data) == 0 {
			t.Errorf("%s: args %v rejected", c.Name, c.Args)
		}
	}
}
