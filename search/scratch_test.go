package search
import ("encoding/json";"testing";"context";"fmt";"os";"github.com/examsearch/examsearch/index";"github.com/blevesearch/bleve/v2")
func TestScratchExplain(t *testing.T){
  ix,err:=index.Open("/tmp/idx-full"); if err!=nil{t.Fatal(err)}
  defer ix.Close()
  dict,_:=index.DefaultDictionary()
  e,_:=New(ix,dict,Options{})
  q:=os.Getenv("Q"); target:=os.Getenv("T")
  req:=Request{Query:q}; req.Normalize()
  p,_:=e.plan(context.Background(),&req)
  sr:=bleve.NewSearchRequestOptions(e.query(p,""),400,0,true)
  res,_:=ix.Bleve.Search(sr)
  for i,h:=range res.Hits{ if i<3||h.ID==target{ qq,_:=ix.Store.Get(h.ID); fmt.Printf("%d %s %.3f %s | %.80s\n",i+1,h.ID,h.Score,qq.Exam,qq.Text); if os.Getenv("X")!=""&&(i==0||h.ID==target){b,_:=json.Marshal(h.Expl);fmt.Println(string(b))} } }
}
