using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Hpc.Proxy.Cli;

namespace Hpc.Proxy.Cluster;

/// <summary>An immutable set of cpu ids, kept sorted and distinct, written in Linux cpulist syntax ("0-3,8").</summary>
internal sealed class CpuSet : IEquatable<CpuSet>
{
    /// <summary>The largest cpu id accepted; far above Linux's NR_CPUS, low enough that "0-N" cannot exhaust memory.</summary>
    public const int MaxCpuId = 65535;

    /// <summary>The sorted, distinct cpu ids; never mutated after construction.</summary>
    private readonly int[] _cpus;

    /// <summary>Wraps an array that the caller guarantees is sorted, distinct and not shared.</summary>
    private CpuSet(int[] sortedDistinct)
    {
        _cpus = sortedDistinct;
        AssertInvariants();
    }

    /// <summary>The set with no cpus.</summary>
    public static CpuSet Empty { get; } = new([]);

    /// <summary>The number of cpus in the set.</summary>
    public int Count => _cpus.Length;

    /// <summary>True when the set holds no cpu.</summary>
    public bool IsEmpty => _cpus.Length == 0;

    /// <summary>The cpu ids in ascending order.</summary>
    public IReadOnlyList<int> Cpus => _cpus;

    /// <summary>Builds a set from any cpu ids (duplicates and order do not matter).</summary>
    public static CpuSet Of(IEnumerable<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        var sorted = cpus.Distinct().Order().ToArray();
        if (sorted.Length > 0 && (sorted[0] < 0 || sorted[^1] > MaxCpuId))
        {
            throw new ArgumentOutOfRangeException(nameof(cpus), $"cpu ids must be in 0..{MaxCpuId}");
        }

        return new CpuSet(sorted);
    }

    /// <summary>Parses a Linux cpulist such as "0-31" or "0,2,4-7", throwing <see cref="FormatException"/> if invalid.</summary>
    public static CpuSet Parse(string text)
    {
        if (!TryParse(text, out var set, out var error))
        {
            throw new FormatException($"invalid cpu list \"{text}\": {error}");
        }

        return set;
    }

    /// <summary>Parses a Linux cpulist; on failure returns false with a short reason that does not repeat the input.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out CpuSet? set, out string error)
    {
        set = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the cpu list is empty";
            return false;
        }

        var cpus = new SortedSet<int>();
        foreach (var rawItem in text.Split(','))
        {
            var item = rawItem.Trim();
            if (item.Length == 0)
            {
                error = "it has an empty entry between commas";
                return false;
            }

            if (item[0] == '-')
            {
                error = $"cpu ids cannot be negative ({ErrorText.Quote(item)})";
                return false;
            }

            var dash = item.IndexOf('-', StringComparison.Ordinal);
            var firstText = dash < 0 ? item : item[..dash].Trim();
            var lastText = dash < 0 ? item : item[(dash + 1)..].Trim();
            if (!TryParseId(firstText, item, out var first, out error) || !TryParseId(lastText, item, out var last, out error))
            {
                return false;
            }

            if (last < first)
            {
                error = $"the range {first}-{last} is reversed (write {last}-{first})";
                return false;
            }

            for (var cpu = first; cpu <= last; cpu++)
            {
                cpus.Add(cpu);
            }
        }

        set = new CpuSet([.. cpus]);
        return true;
    }

    /// <summary>True when <paramref name="cpu"/> is in the set.</summary>
    public bool Contains(int cpu) => Array.BinarySearch(_cpus, cpu) >= 0;

    /// <summary>The cpus present in both sets.</summary>
    public CpuSet Overlap(CpuSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new CpuSet(_cpus.Where(other.Contains).ToArray());
    }

    /// <summary>The cpus of this set that are not in <paramref name="other"/>.</summary>
    public CpuSet Except(CpuSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new CpuSet(_cpus.Where(cpu => !other.Contains(cpu)).ToArray());
    }

    /// <summary>The cpus present in either set.</summary>
    public CpuSet Union(CpuSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new CpuSet(_cpus.Union(other._cpus).Order().ToArray());
    }

    /// <summary>The <paramref name="count"/> cpus starting at position <paramref name="start"/> (in ascending order).</summary>
    public CpuSet Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, _cpus.Length, nameof(count));
        return new CpuSet(_cpus.AsSpan(start, count).ToArray());
    }

    /// <summary>The compact cpulist form, e.g. "0-3,8"; the empty set gives "".</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (var i = 0; i < _cpus.Length;)
        {
            var j = i;
            while (j + 1 < _cpus.Length && _cpus[j + 1] == _cpus[j] + 1)
            {
                j++;
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(CultureInfo.InvariantCulture, $"{_cpus[i]}");
            if (j > i)
            {
                text.Append(CultureInfo.InvariantCulture, $"-{_cpus[j]}");
            }

            i = j + 1;
        }

        return text.ToString();
    }

    /// <summary>Two sets are equal when they hold the same cpus.</summary>
    public bool Equals(CpuSet? other) => other is not null && _cpus.AsSpan().SequenceEqual(other._cpus);

    /// <summary>Two sets are equal when they hold the same cpus.</summary>
    public override bool Equals(object? obj) => Equals(obj as CpuSet);

    /// <summary>A hash over all cpu ids, consistent with <see cref="Equals(CpuSet?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var cpu in _cpus)
        {
            hash.Add(cpu);
        }

        return hash.ToHashCode();
    }

    /// <summary>Parses one cpu id of a cpulist entry, only ASCII digits, at most <see cref="MaxCpuId"/>.</summary>
    private static bool TryParseId(string text, string item, out int id, out string error)
    {
        id = 0;
        error = "";
        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
        {
            error = text.StartsWith('-')
                ? $"cpu ids cannot be negative ({ErrorText.Quote(item)})"
                : $"{ErrorText.Quote(item)} is not a cpu id or a range like 4-7";
            return false;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) || id > MaxCpuId)
        {
            error = $"cpu id {ErrorText.Short(text)} is larger than {MaxCpuId}";
            return false;
        }

        return true;
    }

    /// <summary>Checks that the ids are sorted and distinct (debug builds only).</summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        for (var i = 1; i < _cpus.Length; i++)
        {
            Debug.Assert(_cpus[i - 1] < _cpus[i], "CpuSet ids must be sorted and distinct");
        }
    }
}
