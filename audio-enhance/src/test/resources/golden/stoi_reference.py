"""Independent numpy re-implementation of STOI / ESTOI as in pystoi 0.4 (Taal et al. 2011;
Jensen & Taal 2016), used to generate stoi_golden.csv for StoiGoldenTest. Signals are given at
10 kHz so no resampling is involved. Run: python3 stoi_reference.py > stoi_golden.csv"""
import numpy as np

FS, N_FRAME, NFFT, NUMBAND, MINFREQ, N, BETA, DYN_RANGE = 10000, 256, 512, 15, 150, 30, -15.0, 40
EPS = np.finfo("float").eps


def thirdoct(fs, nfft, num_bands, min_freq):
    f = np.linspace(0, fs, nfft + 1)[: int(nfft / 2) + 1]
    k = np.arange(num_bands).astype(float)
    fl = min_freq * np.power(2.0, (2 * k - 1) / 6)
    fh = min_freq * np.power(2.0, (2 * k + 1) / 6)
    obm = np.zeros((num_bands, len(f)))
    for i in range(num_bands):
        lo = np.argmin(np.square(f - fl[i]))
        hi = np.argmin(np.square(f - fh[i]))
        obm[i, lo:hi] = 1
    return obm


def hann(n):
    return np.hanning(n + 2)[1:-1]


def remove_silent_frames(x, y, dyn_range, framelen, hop):
    w = hann(framelen)
    xf = np.array([w * x[i:i + framelen] for i in range(0, len(x) - framelen, hop)])
    yf = np.array([w * y[i:i + framelen] for i in range(0, len(x) - framelen, hop)])
    e = 20 * np.log10(np.linalg.norm(xf, axis=1) + EPS)
    mask = (np.max(e) - dyn_range - e) < 0
    xf, yf = xf[mask], yf[mask]
    n = (len(xf) - 1) * hop + framelen
    xs, ys = np.zeros(n), np.zeros(n)
    for i in range(len(xf)):
        xs[i * hop:i * hop + framelen] += xf[i]
        ys[i * hop:i * hop + framelen] += yf[i]
    return xs, ys


def stft(x, win, nfft, hop):
    w = hann(win)
    return np.array([np.fft.rfft(w * x[i:i + win], n=nfft) for i in range(0, len(x) - win, hop)])


def stoi(x, y, extended):
    x, y = remove_silent_frames(x, y, DYN_RANGE, N_FRAME, N_FRAME // 2)
    xs = stft(x, N_FRAME, NFFT, N_FRAME // 2).T
    ys = stft(y, N_FRAME, NFFT, N_FRAME // 2).T
    obm = thirdoct(FS, NFFT, NUMBAND, MINFREQ)
    xt = np.sqrt(obm @ np.square(np.abs(xs)))
    yt = np.sqrt(obm @ np.square(np.abs(ys)))
    xseg = np.array([xt[:, m - N:m] for m in range(N, xt.shape[1] + 1)])
    yseg = np.array([yt[:, m - N:m] for m in range(N, xt.shape[1] + 1)])
    if extended:
        def rc(a):
            a = a - a.mean(axis=-1, keepdims=True)
            a = a / np.sqrt(np.sum(a ** 2, axis=-1, keepdims=True))
            a = a - a.mean(axis=1, keepdims=True)
            a = a / np.sqrt(np.sum(a ** 2, axis=1, keepdims=True))
            return a
        xn, yn = rc(xseg), rc(yseg)
        return np.sum(xn * yn / N) / xn.shape[0]
    norm = np.linalg.norm(xseg, axis=2, keepdims=True) / (np.linalg.norm(yseg, axis=2, keepdims=True) + EPS)
    yn = yseg * norm
    clip = 10 ** (-BETA / 20)
    yp = np.minimum(yn, xseg * (1 + clip))
    yp = yp - yp.mean(axis=2, keepdims=True)
    xc = xseg - xseg.mean(axis=2, keepdims=True)
    yp = yp / (np.linalg.norm(yp, axis=2, keepdims=True) + EPS)
    xc = xc / (np.linalg.norm(xc, axis=2, keepdims=True) + EPS)
    return np.sum(yp * xc) / (xc.shape[1] * xc.shape[0])


def signals(case):
    """Deterministic test signals at 10 kHz, 3 s (same formulas in StoiGoldenTest)."""
    n = np.arange(3 * FS)
    t = n / FS
    env = np.maximum(0, np.sin(2 * np.pi * 2.5 * t)) * (0.6 + 0.4 * np.sin(2 * np.pi * 0.45 * t))
    clean = np.zeros(len(n))
    for h in range(1, 16):
        clean += np.sin(2 * np.pi * 125 * h * t + 0.3 * h) / h
    clean = 0.2 * env * clean
    noise = np.sin(n * n * 0.000137 + 0.5 * n) * 0.05  # deterministic wide-band chirp "noise"
    k = [0.2, 1.0, 3.0][case]
    proc = clean + k * noise
    if case == 2:
        proc = proc * (0.5 + 0.5 * np.cos(2 * np.pi * 4 * t))  # modulated distortion
    return clean.astype(np.float32).astype(np.float64), proc.astype(np.float32).astype(np.float64)


if __name__ == "__main__":
    print("case,stoi,estoi")
    for c in range(3):
        x, y = signals(c)
        print(f"{c},{stoi(x, y, False):.12f},{stoi(x, y, True):.12f}")
