using Hpc.NoiseStudies.Results;

namespace Hpc.NoiseStudies.Reports;

/// <summary>The threads besides the measured ones that may run on a measured cpu, as a table.</summary>
internal static class ExposureTable
{
    /// <summary>
    /// The table of <paramref name="exposures"/>, at most <paramref name="perConfiguration"/> rows a configuration
    /// (those seen running on a measured cpu most often first).
    /// </summary>
    public static TextTable Of(IEnumerable<ThreadExposure> exposures, int perConfiguration = int.MaxValue) => new(
        "Other threads that may run on a measured cpu while it measures (first round)",
        ["config", "pid", "thread", "may use", "R there"],
        [.. exposures.GroupBy(e => e.Configuration).SelectMany(g => g.Take(perConfiguration)).Select(e => e.Cells())]);
}
