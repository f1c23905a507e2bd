package ui_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/ui/uitest"
)

// browser starts headless Chromium as a root user in a sandbox needs it,
// or skips when there is none (CI installs it and sets
// EXAMSEARCH_REQUIRE_BROWSER, so there it never skips).
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("EXAMSEARCH_REQUIRE_BROWSER") != "" {
			t.Fatal("chromium is required here but not installed")
		}
		t.Skip("skipping browser test: chromium is not installed (apt-get install chromium)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 1000),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		// A page restored from the back-forward cache fires no load event,
		// which chromedp's history navigation waits for.
		chromedp.Flag("disable-features", "BackForwardCache"),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelT(); cancelB(); cancelA() })
	// Any JavaScript dialog (an alert from injected script) fails the test.
	_ = chromedp.Listen(ctx, func(ev any) {
		if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			t.Errorf("a dialog opened: %q", d.Message) // the page then blocks and the test times out
		}
	})
	return ctx
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	dir := filepath.Join("testdata", "artifacts")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, name), buf, 0o644)
}

func TestBrowserInstantSearch(t *testing.T) {
	ctx := browser(t)
	base := server(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible("#q"),
		chromedp.Evaluate[chromedp.Void](`window.__samePage = true; undefined`),
		chromedp.SendKeys("#q", "ospf stub area"),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The results come by script: wait for the URL the script sets.
	var location string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if location, _ = chromedp.Run(ctx, chromedp.Location()); strings.Contains(location, "q=ospf") {
			break
		}
	}
	count, _ := chromedp.Run(ctx, chromedp.Text("#count"))
	same, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__samePage === true`))
	measured, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`(performance.getEntriesByName("keystroke-to-results").slice(-1)[0] || {duration: -1}).duration`))
	if !same || !strings.Contains(location, "q=ospf") || !strings.Contains(count, "question") || strings.HasPrefix(count, "43 ") {
		t.Errorf("same page %v, url %q, count %q", same, location, count)
	}
	t.Logf("keystroke to results painted: %.1f ms (sample index)", measured)
	screenshot(t, ctx, "search.png")
	// Loading the URL the script set gives the same view, without the script's help.
	if err := chromedp.Do(ctx, chromedp.Navigate(location), chromedp.WaitVisible(".hit")); err != nil {
		t.Fatal(err)
	}
	q, _ := chromedp.Run(ctx, chromedp.Value("#q"))
	again, _ := chromedp.Run(ctx, chromedp.Text("#count"))
	if q != "ospf stub area" || strings.Fields(again)[0] != strings.Fields(count)[0] {
		t.Errorf("reloaded: query %q, count %q (was %q)", q, again, count)
	}
}

func TestBrowserQuestionPageIsSafe(t *testing.T) {
	ctx := browser(t)
	base := server(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/q/990001"), chromedp.WaitVisible(".discussion"), chromedp.Click("details.answer summary")); err != nil {
		t.Fatal(err)
	}
	scripts, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.scripts.length`))
	open, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("details.answer").open`))
	if scripts != 1 || !open {
		t.Errorf("scripts %d (want only app.js), answer revealed %v", scripts, open)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/q/9100010"), chromedp.WaitVisible("main")); err == nil {
		screenshot(t, ctx, "question.png")
	}
}

// TestBrowserFacetsAndChips selects two exams in the sidebar, checks the
// URL and that the other exams keep their counts, then removes one chip.
func TestBrowserFacetsAndChips(t *testing.T) {
	ctx := browser(t)
	base := server(t)
	click := func(sel string) { // a link: wait until the new page is there
		t.Helper()
		before, _ := chromedp.Run(ctx, chromedp.Location())
		if err := chromedp.Do(ctx, chromedp.Click(sel)); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if now, _ := chromedp.Run(ctx, chromedp.Location()); now != before {
				break
			}
		}
		if err := chromedp.Do(ctx, chromedp.WaitVisible("#count")); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/?q=storage"), chromedp.WaitVisible(`#exam-values`)); err != nil {
		t.Fatal(err)
	}
	click(`#exam-values li:nth-child(1) a`)
	click(`#exam-values li a:not(.on)`)
	location, _ := chromedp.Run(ctx, chromedp.Location())
	if strings.Count(location, "exam=") != 2 {
		t.Fatalf("two exams selected, url %q", location)
	}
	selected, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#exam-values a.on").length`))
	listed, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#exam-values a").length`))
	chips, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".chip").length`))
	if selected != 2 || listed <= 2 || chips != 2 {
		t.Errorf("selected %d, listed %d (others keep their counts), chips %d", selected, listed, chips)
	}
	click(`.chip`)
	location, _ = chromedp.Run(ctx, chromedp.Location())
	if strings.Count(location, "exam=") != 1 {
		t.Errorf("after removing a chip, url %q", location)
	}
}

// TestBrowserBackForward: typed results, a question opened from them (its
// answer revealed, its vote bar shown), back to the same results, forward
// to the question again. The script replaces the URL as the person types,
// so back returns to the last results, not to every keystroke.
func TestBrowserBackForward(t *testing.T) {
	ctx := browser(t)
	base := server(t)
	waitURL := func(part string) string {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if loc, _ := chromedp.Run(ctx, chromedp.Location()); strings.Contains(loc, part) {
				return loc
			}
		}
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("url %q never held %q", loc, part)
		return ""
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible("#q"), chromedp.SendKeys("#q", "ospf stub area")); err != nil {
		t.Fatal(err)
	}
	results := waitURL("q=ospf")
	view := func() (count, first string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.WaitVisible(".hit")); err != nil {
			t.Fatal(err)
		}
		count, _ = chromedp.Run(ctx, chromedp.Text("#count"))
		first, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".hit .where a").getAttribute("href")`))
		return count, first
	}
	count, first := view()
	if err := chromedp.Do(ctx, chromedp.Click(".hit .where a")); err != nil {
		t.Fatal(err)
	}
	waitURL(first)
	if err := chromedp.Do(ctx, chromedp.WaitVisible("details.answer summary"), chromedp.Click("details.answer summary")); err != nil {
		t.Fatal(err)
	}
	open, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("details.answer").open`))
	bars, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".votes progress").length`))
	if !open || bars == 0 {
		t.Errorf("question %s: answer revealed %v, vote bars %d", first, open, bars)
	}
	if err := chromedp.Do(ctx, chromedp.NavigateBack()); err != nil {
		t.Fatal(err)
	}
	if back := waitURL("q=ospf"); back != results {
		t.Errorf("back at %q, results were at %q", back, results)
	}
	againCount, againFirst := view()
	q, _ := chromedp.Run(ctx, chromedp.Value("#q"))
	if strings.Fields(againCount)[0] != strings.Fields(count)[0] || againFirst != first || q != "ospf stub area" {
		t.Errorf("back: %q first %s query %q; before: %q first %s", againCount, againFirst, q, count, first)
	}
	if err := chromedp.Do(ctx, chromedp.NavigateForward()); err != nil {
		t.Fatal(err)
	}
	waitURL(first)
	if err := chromedp.Do(ctx, chromedp.WaitVisible(".discussion")); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserWithoutJavaScript submits the search form with scripts off:
// the page the server renders holds the same hits as the JSON API.
func TestBrowserWithoutJavaScript(t *testing.T) {
	ctx := browser(t)
	base := server(t)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"),
		chromedp.WaitVisible("#q"), chromedp.SendKeys("#q", "storage lifecycle\n")); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if loc, _ := chromedp.Run(ctx, chromedp.Location()); strings.Contains(loc, "q=storage") {
			break
		}
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(".hit")); err != nil {
		t.Fatal(err)
	}
	links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".hit .where a")).map(a => a.getAttribute("href"))`))
	if err != nil {
		t.Fatal(err)
	}
	var api struct {
		Hits []struct{ ID string } `json:"hits"`
	}
	if _, body := get(t, "/api/v1/search?q=storage+lifecycle"); json.Unmarshal(body, &api) != nil {
		t.Fatalf("API: %s", body)
	}
	var want []string
	for _, h := range api.Hits {
		want = append(want, "/q/"+h.ID)
	}
	if len(links) == 0 || strings.Join(links, " ") != strings.Join(want, " ") {
		t.Errorf("page hits %v, API hits %v", links, want)
	}
}

// TestBrowserPaintOnIndex measures, on the index named by
// $EXAMSEARCH_BROWSER_INDEX (the whole corpus), the time from the debounced
// request to the results painted for a few queries, and the search page's
// weight. It reports figures; it fails only when no results come.
func TestBrowserPaintOnIndex(t *testing.T) {
	p := os.Getenv("EXAMSEARCH_BROWSER_INDEX")
	if p == "" {
		t.Skip("set EXAMSEARCH_BROWSER_INDEX to an index to measure")
	}
	ix, err := index.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	hs := httptest.NewServer(uitest.Handler(t, ix))
	defer hs.Close()
	ctx := browser(t)
	for _, q := range []string{"ospf stub area", "s3 lifecycle glacier", "aks gpu inference"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(hs.URL+"/"), chromedp.WaitVisible("#q"), chromedp.SendKeys("#q", q)); err != nil {
			t.Fatal(err)
		}
		var ms float64 = -1
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && ms < 0; time.Sleep(20 * time.Millisecond) {
			ms, _ = chromedp.Run(ctx, chromedp.Evaluate[float64](`(performance.getEntriesByName("keystroke-to-results").slice(-1)[0] || {duration: -1}).duration`))
		}
		if ms < 0 {
			t.Fatalf("%q: no results painted", q)
		}
		t.Logf("%-22q request to results painted: %.1f ms", q, ms)
	}
	location, _ := chromedp.Run(ctx, chromedp.Location())
	if err := chromedp.Do(ctx, chromedp.Navigate(location), chromedp.WaitVisible(".hit")); err != nil {
		t.Fatal(err)
	}
	weight, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[performance.getEntriesByType("navigation")[0]].concat(performance.getEntriesByType("resource")).map(e => e.name.replace(location.origin, "") + " " + e.decodedBodySize + " B").join(", ")`))
	t.Logf("page weight (decoded): %s", weight)
}
