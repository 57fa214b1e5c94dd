using System.Globalization;

namespace Hpc.Quiet;

/// <summary>The kernel's cpu list syntax ("0-3,8,10-11"), as in /sys and /proc.</summary>
public static class CpuList
{
    /// <summary>The cpus <paramref name="text"/> lists, ascending; throws <see cref="FormatException"/> on bad text.</summary>
    public static int[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cpus = new SortedSet<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] range = part.Split('-');
            int first = int.Parse(range[0], NumberStyles.None, CultureInfo.InvariantCulture);
            int last = range.Length > 1 ? int.Parse(range[1], NumberStyles.None, CultureInfo.InvariantCulture) : first;
            if (range.Length > 2 || last < first)
            {
                throw new FormatException($"not a cpu range: {part}");
            }

            for (int cpu = first; cpu <= last; cpu++)
            {
                cpus.Add(cpu);
            }
        }

        return [.. cpus];
    }

    /// <summary>The cpus as a compact list ("0-3,8").</summary>
    public static string Format(IEnumerable<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        int[] sorted = [.. cpus.Distinct().Order()];
        var parts = new List<string>();
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            parts.Add(j == i ? sorted[i].ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{sorted[i]}-{sorted[j]}"));
            i = j + 1;
        }

        return string.Join(',', parts);
    }
}
