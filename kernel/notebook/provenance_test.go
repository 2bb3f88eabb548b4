package notebook

import (
	"strings"
	"testing"
)

// A notebook saved by Jupyter keeps the provenance as the output of
// %provenance; radgo exec's metadata takes precedence when present.
func TestStoredProvenance(t *testing.T) {
	nb := New()
	if nb.StoredProvenance() != nil || nb.StoredInputs() != nil {
		t.Fatal("provenance in an empty notebook")
	}
	block := func(sum string) *Output {
		return &Output{Type: DisplayData, Data: map[string]any{"text/plain": "radgo ...",
			ProvenanceMIME: map[string]any{"radgo": "(devel)", "inputs": []any{map[string]any{"path": "a.csv", "sha256": sum}}}}}
	}
	nb.AddCell(Code, "%provenance").Outputs = []*Output{block("old")}
	nb.AddCell(Code, "%provenance").Outputs = []*Output{block("new")}
	if in := nb.StoredInputs(); len(in) != 1 || in[0].Path != "a.csv" || in[0].SHA256 != "new" {
		t.Errorf("inputs from the last %%provenance output: %+v", in)
	}
	var b strings.Builder
	if err := nb.WriteHTML(&b, "t"); err != nil {
		t.Fatal(err)
	}
	if i := strings.LastIndex(b.String(), `<h3 id="provenance">`); i < 0 || !strings.Contains(b.String()[i:], `&#34;sha256&#34;: &#34;new&#34;`) {
		t.Errorf("HTML lacks the provenance block at the end:\n%s", b.String())
	}
	nb.Metadata["radgo"] = map[string]any{"provenance": map[string]any{"inputs": []any{map[string]any{"path": "b.csv", "sha256": "meta"}}}}
	if in := nb.StoredInputs(); len(in) != 1 || in[0].Path != "b.csv" {
		t.Errorf("metadata provenance not preferred: %+v", in)
	}
}
