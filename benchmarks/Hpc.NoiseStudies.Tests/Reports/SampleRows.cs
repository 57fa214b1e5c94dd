using Hpc.NoiseStudies.Results;
using Hpc.NoiseStudies.Running;
using Hpc.NoiseStudies.Statistics;

namespace Hpc.NoiseStudies.Tests.Reports;

/// <summary>Table rows made up for report tests: wide figures (a loaded machine's), every default configuration.</summary>
internal static class SampleRows
{
    /// <summary>A row of <paramref name="configuration"/> on <paramref name="cpu"/> whose noise is <paramref name="noisePercent"/>.</summary>
    public static CoreSummary Row(string configuration, int cpu, double noisePercent, long? interrupts = 1234) => new(
        configuration, cpu,
        new CoreStatistics(200_000, 99_512.3, 101_345.6, 10_042_611.2, 16_208_912.4, 123_456_789.1, 41_500, 2_600, 1_500, noisePercent, 1.4e9),
        new Attribution.Attribution(1.4e9, 41_500, 1e8, 2e7, 9e8, 1e8, 12, 345, 12, 345, 123_456, interrupts));

    /// <summary>Every default configuration on cpus 0 and 1.</summary>
    public static IReadOnlyList<CoreSummary> Defaults(double floorNoisePercent) =>
        [.. StudyConfiguration.ParseList(StudyConfiguration.Defaults)
            .SelectMany(c => new[] { 0, 1 }.Select(cpu => Row(c.Name, cpu, c.Name == StudyConfiguration.Floor ? floorNoisePercent : 72.954)))];
}
