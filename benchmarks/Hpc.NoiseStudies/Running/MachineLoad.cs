using System.Globalization;

namespace Hpc.NoiseStudies.Running;

/// <summary>
/// The machine's load average against its cpus: with more runnable tasks than cpus the measured loops share their
/// cpus, and a study measures the other tasks more than the runtime.
/// </summary>
internal static class MachineLoad
{
    /// <summary>The one-minute load average from /proc/loadavg, or null where it cannot be read.</summary>
    public static double? OneMinute()
    {
        try
        {
            return Parse(File.ReadAllText("/proc/loadavg"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The first field of a /proc/loadavg line; null when it is not a number.</summary>
    public static double? Parse(string loadavg)
    {
        ArgumentNullException.ThrowIfNull(loadavg);
        string first = loadavg.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out double load) ? load : null;
    }

    /// <summary>A warning when <paramref name="load"/> is above <paramref name="cpus"/>; null on a machine with room.</summary>
    public static string? BusyWarning(double? load, int cpus) => load > cpus
        ? string.Create(CultureInfo.InvariantCulture, $"the machine is busy (load average {load:0.00} on {cpus} cpus): the measured loops share their cpus with other tasks, so these figures describe the load more than the runtime")
        : null;
}
