#!/usr/bin/env python3
"""Reference values for Sources/Aggregation/Distributions (DistributionTests.swift).

Usage (from the package root):

    python3 Tests/AggregationTests/Fixtures/make_distribution_reference.py \
        > Tests/AggregationTests/Fixtures/distributions.csv

Prints a CSV with columns function,x,p1,p2,value (17 significant digits):

    function          x        p1     p2     value
    normal_cdf        x                      P(Z <= x)
    normal_quantile   p                      z with P(Z <= z) = p
    t_cdf             t        df            P(T <= t)
    t_quantile        p        df            t with P(T <= t) = p
    chisq_cdf         x        df            P(X <= x)
    chisq_survival    x        df            P(X > x)
    f_cdf             x        df1    df2    P(F <= x)
    f_survival        x        df1    df2    P(F > x)
    beta_cdf          x        a      b      I_x(a, b)
    beta_quantile     p        a      b      x with I_x(a, b) = p
    ibeta_lower       x        a      b      I_x(a, b)          (SpecialFunctions.incompleteBeta)
    ibeta_upper       x        a      b      1 - I_x(a, b)
    gamma_lower       x        a             P(a, x)            (SpecialFunctions.incompleteGamma)
    gamma_upper       x        a             Q(a, x)

Every input is a binary64 number written exactly (repr), and every value is computed from that
exact input with mpmath (arbitrary precision; at least 50 significant digits, raised until the
smaller tail keeps 40) and then rounded to 17 significant digits. The functions come from their
positive series, which involve no cancellation:

    I_x(a, b) = x^a (1-x)^b / (a B(a, b)) 2F1(a + b, 1; a + 1; x)   (series in min(x, 1 - x))
    P(a, x)   = x^a e^-x / Gamma(a + 1) 1F1(1; a + 1; x)
    t: P(|T| > |t|) = I_{df/(df+t^2)}(df/2, 1/2);  F: P(F <= x) = I_{d1 x/(d1 x + d2)}(d1/2, d2/2)

Each value is computed at two working precisions (p and p + 20 digits) and must agree to 1e-30,
and quantiles are solved by Newton's method in mpmath until the step is below 1e-35 relative.
As an independent check, the script compares every value with scipy (double precision) and
prints the largest relative discrepancy per function on stderr.

For x < 1/2 the incomplete-beta grid uses x = 1 - (1 - x) (in binary64) when that is not 0, so
that 1 - x is exact in binary64 too and the Swift call with y = 1 - x sees the same point as the
reference.

Versions used for distributions.csv: Python 3.11.7, mpmath 1.3.0, scipy 1.17.1.
"""

import math
import sys

import mpmath
from mpmath import mp, mpf

import scipy
import scipy.special as sc
import scipy.stats as st

BASE_DPS = 50


# ---------------------------------------------------------------------------------------------
# Special functions in arbitrary precision


def _lower_series(a, b, x, y):
    """I_x(a, b) by the positive hypergeometric series (mp values, current precision)."""
    f = mpmath.hyp2f1(a + b, 1, a + 1, x, maxterms=10**8)
    log_prefactor = a * mpmath.log(x) + b * mpmath.log(y) - mpmath.log(a) - mpmath.log(mpmath.beta(a, b))
    return mpmath.exp(log_prefactor) * f


def _ibeta_at(a, b, x, y, dps):
    with mp.workdps(dps):
        a, b, x, y = mpf(a), mpf(b), mpf(x), mpf(y)
        if x <= y:
            lower = _lower_series(a, b, x, y)
            return +lower, 1 - lower
        upper = _lower_series(b, a, y, x)
        return 1 - upper, +upper


def _adaptive(compute):
    """Runs compute(dps) -> (lower, upper) at rising precision until both are stable."""
    dps = BASE_DPS
    while True:
        lower, upper = compute(dps)
        small = min(lower, upper)
        if small <= 0:  # the complement cancelled completely: more digits
            if dps > 20000:
                raise ValueError("tail below 1e-20000")
            dps *= 2
            continue
        need = 40 + max(0, int(-mpmath.log10(small)))
        if need > dps:
            dps = need + 10
            continue
        check_lower, check_upper = compute(dps + 20)
        for value, check in ((lower, check_lower), (upper, check_upper)):
            with mp.workdps(dps + 20):
                if abs(value / check - 1) > mpf(10) ** -30:
                    raise ValueError("precision check failed")
        return check_lower, check_upper


def ibeta(a, b, x, y=None):
    """(I_x(a, b), 1 - I_x(a, b)) at the exact point x (y = 1 - x exactly unless given as mp)."""
    with mp.workdps(400):  # y from the unrounded x; both are then rounded separately
        xx = mpf(x)
        yy = (1 - xx) if y is None else mpf(y)
    return _adaptive(lambda dps: _ibeta_at(a, b, xx, yy, dps))


def gamma_tails(a, x):
    """(P(a, x), Q(a, x))."""
    def compute(dps):
        with mp.workdps(dps):
            aa, xx = mpf(a), mpf(x)
            lower = mpmath.exp(aa * mpmath.log(xx) - xx - mpmath.loggamma(aa + 1)) * mpmath.hyp1f1(
                1, aa + 1, xx, maxterms=10**8)
            return +lower, 1 - lower
    return _adaptive(compute)


def normal_tails(x):
    def compute(dps):
        with mp.workdps(dps):
            xx = mpf(x)
            return mpmath.ncdf(xx), mpmath.ncdf(-xx)
    return _adaptive(compute)


def t_tails(t, df):
    """(P(T <= t), P(T > t))."""
    if t == 0:
        return mpf(1) / 2, mpf(1) / 2
    with mp.workdps(200):
        tt, nu = mpf(t), mpf(df)
        x = nu / (nu + tt * tt)
        y = tt * tt / (nu + tt * tt)
    outside, inside = ibeta(df / 2, 0.5, x, y)
    with mp.workdps(200):
        small, large = outside / 2, (1 + inside) / 2
    return (small, large) if t < 0 else (large, small)


def f_tails(x, d1, d2):
    with mp.workdps(200):
        xx, a, b = mpf(x), mpf(d1), mpf(d2)
        u = a * xx / (a * xx + b)
        v = b / (a * xx + b)
    return ibeta(d1 / 2, d2 / 2, u, v)


# ---------------------------------------------------------------------------------------------
# Quantiles by Newton's method in mpmath


def newton(tails, density, p, start, low=None, high=None):
    """The z with tails(z)[0] = p, matching the smaller tail in logarithms."""
    with mp.workdps(BASE_DPS + 10):
        pp = mpf(p)
        q = 1 - pp
        use_lower = pp <= q
        target = mpmath.log(pp if use_lower else q)
        z = mpf(start)
        for _ in range(100):
            lower, upper = tails(z)
            tail = lower if use_lower else upper
            slope = density(z) / tail * (1 if use_lower else -1)
            step = (mpmath.log(tail) - target) / slope
            new = z - step
            if low is not None and new <= low:
                new = (z + low) / 2
            if high is not None and new >= high:
                new = (z + high) / 2
            if abs(new - z) <= abs(new) * mpf(10) ** -35:
                return new
            z = new
        raise ValueError("Newton did not converge")


def normal_quantile(p):
    if p == 0.5:
        return mpf(0)
    density = lambda z: mpmath.npdf(z)
    return newton(lambda z: normal_tails(z), density, p, st.norm.ppf(p))


def t_quantile(p, df):
    if p == 0.5:
        return mpf(0)
    nu = mpf(df)
    log_c = mpmath.loggamma((nu + 1) / 2) - mpmath.loggamma(nu / 2) - mpmath.log(nu * mpmath.pi) / 2
    density = lambda t: mpmath.exp(log_c - (nu + 1) / 2 * mpmath.log1p(t * t / nu))
    return newton(lambda t: t_tails(t, df), density, p, st.t.ppf(p, df))


def beta_quantile(p, a, b):
    aa, bb = mpf(a), mpf(b)
    log_b = mpmath.log(mpmath.beta(aa, bb))
    density = lambda x: mpmath.exp((aa - 1) * mpmath.log(x) + (bb - 1) * mpmath.log1p(-x) - log_b)
    start = min(max(float(st.beta.ppf(p, a, b)), 1e-300), 1 - 2**-53)
    return newton(lambda x: ibeta(a, b, x), density, p, start, low=mpf(0), high=mpf(1))


# ---------------------------------------------------------------------------------------------
# The grid

rows = []


def emit(function, x, p1, p2, value):
    value = float(value) if abs(value) >= mpf(1e-300) or value == 0 else None
    if value is None:
        return
    fields = [function, repr(float(x)), "" if p1 is None else repr(float(p1)), "" if p2 is None else repr(float(p2)),
              "%.17g" % value]
    rows.append(fields)


def complementable(x):
    """x moved to a neighbouring binary64 for which 1 - x is exact too (x itself below 2^-53)."""
    snapped = 1.0 - (1.0 - x)
    return snapped if snapped > 0 else x


TAIL_LEVELS = [1e-15, 1e-12, 1e-10, 1e-6, 1e-3, 0.025, 0.1, 0.3, 0.5]

# Normal
for x in [-37.0, -30.0, -20.0, -12.5, -10.0, -8.3, -7.0, -5.6568, -5.7, -5.0, -3.0, -1.959963984540054, -1.0,
          -0.6745, -0.67448, -0.5, -1e-3, -1e-10, 0.0, 1e-10, 0.3, 0.6745, 0.7, 1.0, 1.96, 3.0, 5.0, 5.66, 7.0, 8.0]:
    lower, _ = normal_tails(x)
    emit("normal_cdf", x, None, None, lower)
for p in [1e-300, 1e-100, 1e-20, 1e-15, 1e-12, 1.3e-11, 1.4e-11, 1e-10, 1e-6, 1e-3, 0.01, 0.025, 0.05, 0.0749,
          0.0751, 0.1, 0.25, 0.4, 0.49, 0.5 - 1e-10, 0.5, 0.5 + 1e-10, 0.6, 0.9, 0.925, 0.975, 0.99, 0.999,
          1 - 1e-6, 1 - 1e-10, 1 - 1e-12]:
    emit("normal_quantile", p, None, None, normal_quantile(p))

# Student's t
T_DF = [1.0, 1.5, 2.0, 3.0, 4.5, 7.0, 14.0, 30.0, 100.0, 1000.0, 1e4, 1e5, 1e6]
for df in T_DF:
    for t in [-1e6, -1000.0, -50.0, -20.0, -10.0, -7.0, -5.0, -3.0, -2.0, -1.0, -0.5, -0.1, -1e-5, 0.0, 1e-5, 0.5,
              1.0, 2.0, 5.0, 10.0]:
        if st.t.cdf(t, df) < 1e-290:
            continue  # beyond the normal range of binary64
        lower, _ = t_tails(t, df)
        emit("t_cdf", t, df, None, lower)
for df in T_DF + [0.5, 2.5e6]:
    for p in [1e-12, 1e-10, 1e-6, 1e-3, 0.005, 0.025, 0.05, 0.1, 0.25, 0.4, 0.49, 0.5, 0.51, 0.6, 0.75, 0.9, 0.95,
              0.975, 0.995, 0.999, 1 - 1e-6, 1 - 1e-10, 1 - 1e-12]:
        emit("t_quantile", p, df, None, t_quantile(p, df))

# Chi-squared
for df in [0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 100.0, 1000.0, 1e4, 1e5, 1e6, 2e6]:
    xs = {float(st.chi2.ppf(p, df)) for p in [1e-15, 1e-10, 1e-5, 0.01, 0.5, 0.99]}
    xs |= {float(st.chi2.isf(q, df)) for q in [1e-5, 1e-10, 1e-15, 1e-50, 1e-200]}
    for x in sorted(x for x in xs if x > 0 and math.isfinite(x)):
        lower, upper = gamma_tails(df / 2, x / 2)
        emit("chisq_cdf", x, df, None, lower)
        emit("chisq_survival", x, df, None, upper)

# Fisher's F
for d1, d2 in [(1.0, 1.0), (1.0, 10.0), (2.0, 30.0), (3.7, 12.3), (2.4, 49.6), (5.0, 100.0), (0.6, 20.0),
               (10.0, 1000.0), (1.0, 1e6), (30.0, 1e6), (1000.0, 1e6)]:
    xs = {float(st.f.isf(q, d1, d2)) for q in [0.5, 0.1, 0.05, 1e-3, 1e-5, 1e-10, 1e-15]}
    xs |= {float(st.f.ppf(p, d1, d2)) for p in [1e-10, 1e-3, 0.1]}
    for x in sorted(x for x in xs if x > 0 and math.isfinite(x)):
        lower, upper = f_tails(x, d1, d2)
        emit("f_cdf", x, d1, d2, lower)
        emit("f_survival", x, d1, d2, upper)

# Incomplete beta and the Beta distribution
for a, b in [(0.5, 0.5), (0.5, 5e5), (5e5, 0.5), (1.0, 1.0), (2.0, 3.0), (0.1, 10.0), (10.0, 0.1), (30.0, 40.0),
             (500.0, 600.0), (1e4, 3.0), (1e5, 1e5), (5e5, 5e5), (0.05, 0.05)]:
    xs = {float(st.beta.ppf(p, a, b)) for p in TAIL_LEVELS + [0.7, 0.99]}
    xs |= {float(st.beta.isf(q, a, b)) for q in [1e-3, 1e-6, 1e-10, 1e-15]}
    for x in sorted(complementable(x) for x in xs if 0 < x < 1):
        lower, upper = ibeta(a, b, x)
        emit("ibeta_lower", x, a, b, lower)
        emit("ibeta_upper", x, a, b, upper)
        if a <= 1e4 and b <= 1e4:
            emit("beta_cdf", x, a, b, lower)
for a, b in [(0.5, 0.5), (1.0, 1.0), (2.0, 5.0), (0.5, 30.0), (30.0, 0.5), (12.3, 45.6), (100.0, 1000.0),
             (1e4, 1e4), (1e5, 10.0), (0.05, 3.0), (3.0, 0.05), (5.0, 46.0), (6.0, 45.0), (0.8, 120.2),
             (119.3, 2.7)]:
    for p in [1e-12, 1e-8, 1e-4, 0.025, 0.5, 0.975, 1 - 1e-4, 1 - 1e-8, 1 - 1e-12]:
        emit("beta_quantile", p, a, b, beta_quantile(p, a, b))

# Incomplete gamma
for a in [0.05, 0.5, 1.0, 2.5, 10.0, 100.0, 1e4, 1e6]:
    xs = {float(st.gamma.ppf(p, a)) for p in TAIL_LEVELS + [0.7, 0.99]}
    xs |= {float(st.gamma.isf(q, a)) for q in [1e-3, 1e-6, 1e-10, 1e-15, 1e-100]}
    for x in sorted(x for x in xs if x > 0 and math.isfinite(x)):
        lower, upper = gamma_tails(a, x)
        emit("gamma_lower", x, a, None, lower)
        emit("gamma_upper", x, a, None, upper)

# ---------------------------------------------------------------------------------------------
# Output and the scipy cross-check

SCIPY = {
    "normal_cdf": lambda x, p1, p2: st.norm.cdf(x),
    "normal_quantile": lambda x, p1, p2: st.norm.ppf(x),
    "t_cdf": lambda x, p1, p2: st.t.cdf(x, p1),
    "t_quantile": lambda x, p1, p2: st.t.ppf(x, p1),
    "chisq_cdf": lambda x, p1, p2: st.chi2.cdf(x, p1),
    "chisq_survival": lambda x, p1, p2: st.chi2.sf(x, p1),
    "f_cdf": lambda x, p1, p2: st.f.cdf(x, p1, p2),
    "f_survival": lambda x, p1, p2: st.f.sf(x, p1, p2),
    "beta_cdf": lambda x, p1, p2: sc.betainc(p1, p2, x),
    "beta_quantile": lambda x, p1, p2: st.beta.ppf(x, p1, p2),
    "ibeta_lower": lambda x, p1, p2: sc.betainc(p1, p2, x),
    "ibeta_upper": lambda x, p1, p2: sc.betaincc(p1, p2, x),
    "gamma_lower": lambda x, p1, p2: sc.gammainc(p1, x),
    "gamma_upper": lambda x, p1, p2: sc.gammaincc(p1, x),
}

print("function,x,p1,p2,value")
worst = {}
for fields in rows:
    print(",".join(fields))
    function, x, p1, p2, value = fields
    number = lambda s: float(s) if s else None
    reference = float(value)
    other = float(SCIPY[function](float(x), number(p1), number(p2)))
    error = abs(other - reference) / abs(reference) if reference != 0 else abs(other)
    if error > worst.get(function, (-1, None))[0]:
        worst[function] = (error, fields)
print("rows: %d (python %s, mpmath %s, scipy %s)" % (len(rows), sys.version.split()[0], mpmath.__version__,
                                                     scipy.__version__), file=sys.stderr)
for function, (error, fields) in worst.items():
    print("  scipy vs reference, %-16s max relative difference %.2e at %s" % (function, error, ",".join(fields)),
          file=sys.stderr)
