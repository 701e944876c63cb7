"""Effective band gains of enhancers against the oracle band gain, on the STOI/ESTOI band range.

For each (noisy, clean) pair and each system's time-aligned output, per 20 ms frame (10 ms hop, Hann) and
1/3-octave band (15 bands from 150 Hz, STOI's layout): oracle gain g = sqrt(E_clean / E_noisy) clipped to
[0, 1], effective gain e = sqrt(E_out / E_noisy). Prints the mean e per range of g over speech-active
band-frames (clean band energy within 40 dB of the file's peak) and the mean frame-to-frame change of e
(dB) where g < 0.3; then, per system, the attenuation of the noisy input in the frames ESTOI drops
(clean frame energy 40 dB below its peak; 256-sample frames, hop 128) and SI-SDR on the full band and
above 150 Hz (8th-order Butterworth high-pass, zero-phase, applied to reference and output).
Analysis only (numpy, scipy).

Usage: python3 effective_gain.py DEV_DIR NAME=OUT_DIR [NAME=OUT_DIR ...]
  DEV_DIR holds noisy/<id>.wav and clean/<id>.wav (16 kHz); OUT_DIR/<id>.wav are the outputs.
"""
import numpy as np, glob, os, sys
from scipy.io import wavfile
from scipy.signal import butter, sosfiltfilt
if len(sys.argv) < 3:
    sys.exit(__doc__)
D=sys.argv[1]
def rd(p):
    r,x=wavfile.read(p); return x.astype(np.float64)/32768
def spec(x):
    n=320; h=160; w=np.hanning(n+1)[:-1]
    fr=np.lib.stride_tricks.sliding_window_view(x,n)[::h]*w
    return np.abs(np.fft.rfft(fr,axis=1))**2
freqs=np.fft.rfftfreq(320,1/16000)
# 1/3-octave bands 150 Hz .. 4.3 kHz like STOI
cf=150*2**(np.arange(15)/3); lo=cf*2**(-1/6); hi=cf*2**(1/6)
B=[(freqs>=l)&(freqs<h) for l,h in zip(lo,hi)]
systems=dict(a.split('=',1) for a in sys.argv[2:])
bins=[0,0.1,0.3,0.5,0.7,0.9,1.01]
acc={s:[[] for _ in bins[:-1]] for s in systems}; accs={s:[] for s in systems}
tv={s:[] for s in systems}
for p in sorted(glob.glob(D+'/noisy/*.wav')):
    i=os.path.basename(p)
    X=spec(rd(p)); S=spec(rd(D+'/clean/'+i))
    Eb=lambda M: np.stack([M[:,b].sum(1) for b in B],1)
    EX,ES=Eb(X),Eb(S)
    act=ES>ES.max()*1e-4  # within 40 dB of the file's peak band energy
    g=np.clip(np.sqrt(ES/np.maximum(EX,1e-12)),0,1)
    for s,d in systems.items():
        Y=spec(rd(d+'/'+i)); EY=Eb(Y)
        e=np.sqrt(EY/np.maximum(EX,1e-12))
        for k in range(len(bins)-1):
            m=act&(g>=bins[k])&(g<bins[k+1]); acc[s][k].append(e[m])
        # temporal roughness of effective gain in dB on noise-dominated band-frames (oracle g<0.3)
        ed=20*np.log10(np.maximum(e,1e-4)); d1=np.abs(np.diff(ed,axis=0)); m=(g[1:]<0.3)&(g[:-1]<0.3)
        tv[s].append(d1[m])
print('oracle gain range | mean effective gain (1/3-oct bands 150-4300 Hz, speech-active)')
for k in range(len(bins)-1):
    print(f'{bins[k]:.1f}-{bins[k+1]:.1f}', '  '.join(f"{s} {np.concatenate(acc[s][k]).mean():.3f} (median {np.median(np.concatenate(acc[s][k])):.3f})" for s in systems), ' n', len(np.concatenate(acc[next(iter(systems))][k])))
for s in systems: print(s,'mean |frame-to-frame change| of effective gain in noise-dominated band-frames: %.2f dB'%np.concatenate(tv[s]).mean())

sos=butter(8,150,'highpass',fs=16000,output='sos')
def fe(x):
    f=np.lib.stride_tricks.sliding_window_view(x,256)[::128]; return (f**2).sum(1)
def sisdr(s,y):
    a=np.dot(y,s)/np.dot(s,s); t=a*s; return 10*np.log10(np.sum(t**2)/np.sum((y-t)**2))
att={s:[] for s in systems}; sd={s:[] for s in systems}
for p in sorted(glob.glob(D+'/noisy/*.wav')):
    i=os.path.basename(p); c=rd(D+'/clean/'+i); x=rd(p); ce=fe(c); xe=fe(x); sil=ce<ce.max()*1e-4
    for s,d in systems.items():
        y=rd(d+'/'+i); ye=fe(y)
        att[s].append(10*np.log10(ye[sil].sum()/xe[sil].sum()))
        sd[s].append((sisdr(c,y), sisdr(sosfiltfilt(sos,c),sosfiltfilt(sos,y))))
for s in systems:
    v=np.array(sd[s]).mean(0)
    print('%s: attenuation in the frames ESTOI drops %.1f dB; SI-SDR %.2f dB, above 150 Hz %.2f dB'%(s,np.mean(att[s]),v[0],v[1]))
