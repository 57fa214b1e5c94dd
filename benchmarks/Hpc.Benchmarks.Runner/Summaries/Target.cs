using System.Globalization;

namespace Hpc.Benchmarks.Runner.Summaries;

/// <summary>A performance target from DESIGN.md, stated on the ratio Hpc / peer.</summary>
internal sealed class Target
{
    /// <summary>The test on the ratio.</summary>
    private readonly Func<double, bool> _isMet;

    /// <summary>A target shown as <paramref name="text"/> and met when <paramref name="isMet"/> holds for the ratio.</summary>
    private Target(string text, bool lowerIsBetter, Func<double, bool> isMet)
    {
        Text = text;
        LowerIsBetter = lowerIsBetter;
        _isMet = isMet;
    }

    /// <summary>The target as the tables show it, e.g. "≤ 1.0×" or "≥ 100× faster".</summary>
    public string Text { get; }

    /// <summary>True for times (Hpc should be below the peer), false for bandwidths.</summary>
    public bool LowerIsBetter { get; }

    /// <summary>True when the "× faster" form reads better than the ratio (large speed-ups).</summary>
    public bool ShowsSpeedup { get; private init; }

    /// <summary>A time at most <paramref name="ratio"/> times the peer's.</summary>
    public static Target AtMost(double ratio) =>
        new(string.Create(CultureInfo.InvariantCulture, $"≤ {ratio:0.0#}×"), lowerIsBetter: true, r => r <= ratio);

    /// <summary>A rate at least <paramref name="ratio"/> times the peer's.</summary>
    public static Target AtLeast(double ratio) =>
        new(string.Create(CultureInfo.InvariantCulture, $"≥ {ratio:0.0#}×"), lowerIsBetter: false, r => r >= ratio);

    /// <summary>A time at least <paramref name="factor"/> times shorter than the peer's.</summary>
    public static Target FasterBy(double factor) =>
        new(string.Create(CultureInfo.InvariantCulture, $"≥ {factor:0}× faster"), lowerIsBetter: true, r => r <= 1 / factor)
        {
            ShowsSpeedup = true,
        };

    /// <summary>True when <paramref name="ratio"/> (Hpc / peer) meets the target.</summary>
    public bool IsMet(double ratio) => _isMet(ratio);
}
