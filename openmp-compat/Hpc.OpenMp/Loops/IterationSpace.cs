namespace Hpc.OpenMp.Loops;

/// <summary>The iterations of <c>for (i = from; step &gt; 0 ? i &lt; to : i &gt; to; i += step)</c>, numbered 0..Count-1.</summary>
internal readonly struct IterationSpace
{
    /// <summary>Creates the space; callers validated the step.</summary>
    private IterationSpace(int from, int step, long count)
    {
        From = from;
        Step = step;
        Count = count;
    }

    /// <summary>The first value.</summary>
    public int From { get; }

    /// <summary>The step (never 0).</summary>
    public int Step { get; }

    /// <summary>The number of iterations (0 for an empty range; at most 2^32 - 1).</summary>
    public long Count { get; }

    /// <summary>The space from <paramref name="from"/> towards <paramref name="to"/> (exclusive) by <paramref name="step"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The step is 0.</exception>
    public static IterationSpace Create(int from, int to, int step)
    {
        if (step == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "A loop's step must not be 0.");
        }

        long span = step > 0 ? (long)to - from : (long)from - to;
        long stride = Math.Abs((long)step);
        long count = span <= 0 ? 0 : (span + stride - 1) / stride;
        return new IterationSpace(from, step, count);
    }

    /// <summary>The loop variable of logical iteration <paramref name="k"/>.</summary>
    public int ValueOf(long k) => (int)(From + (k * Step));
}
