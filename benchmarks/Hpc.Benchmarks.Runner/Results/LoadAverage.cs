using System.Globalization;

namespace Hpc.Benchmarks.Runner.Results;

/// <summary>The machine's 1-minute load average: tells a quiet run from one sharing its cpus with other work.</summary>
internal static class LoadAverage
{
    /// <summary>The first field of /proc/loadavg, or null where there is none.</summary>
    public static double? Read()
    {
        try
        {
            string first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out double load) ? load : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
