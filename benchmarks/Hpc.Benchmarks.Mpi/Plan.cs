namespace Hpc.Benchmarks.Mpi;

/// <summary>
/// Sizes, warm-ups and iteration counts of every measurement: the same as benchmarks/peers/osu_like.c, so that
/// both sides do identical work. Change both together. As there, HPC_BENCH_SIZES (a comma list) keeps only some
/// sizes and HPC_BENCH_SCALE divides every loop count (benchmarks/run multinode, where messages cross TCP).
/// </summary>
internal static class Plan
{
    /// <summary>Bytes in a kibibyte.</summary>
    private const int KiB = 1024;

    /// <summary>Bytes in a mebibyte.</summary>
    private const int MiB = 1024 * 1024;

    /// <summary>The largest message of the point-to-point sweeps.</summary>
    public const int MaxSize = 4 * MiB;

    /// <summary>Timed batches per figure (one more untimed batch warms up first); the figure is their median.</summary>
    public const int Batches = 11;

    /// <summary>Messages in flight per bandwidth window, as OSU's osu_bw.</summary>
    public const int Window = 64;

    /// <summary>Tag of the measured messages.</summary>
    public const int DataTag = 1;

    /// <summary>Tag of the bandwidth window's 4-byte acknowledgement.</summary>
    public const int AckTag = 2;

    /// <summary>Message sizes of the point-to-point sweeps: 0, 8, then powers of 4 from 16 B to 4 MiB.</summary>
    public static int[] Sizes =>
        [.. ((int[])[0, 8, 16, 64, 256, 1 * KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, 1 * MiB, 4 * MiB]).Where(Selected)];

    /// <summary>Round trips per latency batch: enough that a batch lasts milliseconds, few enough for 4 MiB.</summary>
    public static int LatencyIterations(int size) => Scaled(size <= 8 * KiB ? 2000 : size <= 256 * KiB ? 200 : 50);

    /// <summary>Message sizes of the Iallreduce overlap measure: a small reduction and a 1 MiB one (a gradient).</summary>
    public static int[] OverlapSizes => [8, 1 * MiB];

    /// <summary>Iallreduce operations per overlap batch.</summary>
    public static int OverlapIterations(int bytes) => Scaled(bytes <= 8 * KiB ? 1000 : 20);

    /// <summary>Cells per side of each rank's block in the halo exchange (its edges are 1 KiB).</summary>
    public const int HaloSide = 128;

    /// <summary>Untimed halo steps first (few when the ranks outnumber the cpus: a step then takes time slices).</summary>
    public static int HaloWarmup(int ranks) => Oversubscribed(ranks) ? 10 : Scaled(200);

    /// <summary>Halo steps per timed batch.</summary>
    public static int HaloSteps(int ranks) => Oversubscribed(ranks) ? 20 : Scaled(200);

    /// <summary>Windows per bandwidth batch.</summary>
    public static int BandwidthWindows(int size) => Scaled(size <= 8 * KiB ? 100 : size <= 256 * KiB ? 20 : 4);

    /// <summary><paramref name="count"/> divided by HPC_BENCH_SCALE (at least 1); unchanged when it is not set.</summary>
    public static int Scaled(int count) =>
        int.TryParse(Environment.GetEnvironmentVariable("HPC_BENCH_SCALE"), out int scale) && scale > 1 ? Math.Max(1, count / scale) : count;

    /// <summary>True when <paramref name="size"/> is listed in HPC_BENCH_SIZES, or that is not set.</summary>
    private static bool Selected(int size) =>
        Environment.GetEnvironmentVariable("HPC_BENCH_SIZES") is not { Length: > 0 } list
        || list.Split(',').Any(item => int.TryParse(item, out int listed) && listed == size);

    /// <summary>
    /// True when there are more ranks than cpus to run them: every collective then waits for scheduler time
    /// slices, so the collectives run one operation per batch and ten batches.
    /// </summary>
    public static bool Oversubscribed(int ranks) => ranks > Environment.ProcessorCount;
}
