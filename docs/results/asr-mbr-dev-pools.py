# Offline minimum-Bayes-risk selection over dumped ASR combination pools (README, asr-edge, "More selection rules").
# Pools: ./edgeai asr tune --manifest ../shared/data/asr/an4/dev.tsv --combine asr-an4-rnnt-s2-i8.eaim,asr-an4-rnnt-s3-i8.eaim,asr-an4-rnnt-s4-i8.eaim,asr-an4-ctc-i8.eaim,asr-an4-ctc-s2-i8.eaim --combine-weight 0.7 --lm-weight 0.7 --word-bonus 0 --dump-pools dev-pools.json
# Run:   python3 docs/results/asr-mbr-dev-pools.py dev-pools.json   (shipped weights [1,1,1,1,0.7,0.7], LM 0.7, no bonus)
import json, math, sys
def ed(a,b):
    n,m=len(a),len(b); d=list(range(m+1))
    for i in range(1,n+1):
        p=d[:]; d[0]=i
        for j in range(1,m+1):
            d[j]=min(p[j]+1,d[j-1]+1,p[j-1]+(a[i-1]!=b[j-1]))
    return d[m]
W=[1,1,1,1,0.7,0.7]; LM=0.7; B=0
def f(x): return float(x)
def score(h,w=W,lm=LM):
    s=sum(wm*f(l) for wm,l in zip(w,h["log_likelihoods"]) if wm>0)
    if lm>0: s+=lm*f(h["lm_log_prob"])
    return s+B*h['words']
def run(path, mode, T):
    d=json.load(open(path)); errs=0; nref=0
    for u in d:
        ref=u['reference'].split(); nref+=len(ref)
        hyp=[]
        for fin in u['finals']:
            sc=[score(h) for h in fin]
            if mode=='map' or len(fin)==1:
                best=max(range(len(fin)), key=lambda i: sc[i])
            else:
                mx=max(sc); p=[math.exp((s-mx)/T) if s>-1e300 else 0.0 for s in sc]; z=sum(p); p=[x/z for x in p]
                toks=[h['text'].split() for h in fin]
                best=min(range(len(fin)), key=lambda i: (sum(p[j]*ed(toks[i],toks[j]) for j in range(len(fin))), -sc[i]))
            hyp+=fin[best]['text'].split()
        errs+=ed(ref,hyp)
    return errs,nref
p=sys.argv[1]
print('map',run(p,'map',1))
for T in [1,2,3,4.4,5.4,8,12]:
    print('mbr T',T,run(p,'mbr',T))
