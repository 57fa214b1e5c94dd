using System.Globalization;

namespace Hpc.OpenMp.Settings;

/// <summary>
/// OpenMP places (<c>OMP_PLACES</c>): the sets of cpus team threads are bound to. Abstract names (<c>threads</c>,
/// <c>cores</c>, <c>ll_caches</c>, <c>numa_domains</c>, <c>sockets</c>, each with an optional <c>(count)</c>) are
/// built from the cpus the rank owns; explicit lists (<c>{0,1},{2:2}</c>, <c>{0}:4:2</c>, <c>!</c> exclusions) must
/// name only those cpus.
/// </summary>
internal static class PlaceList
{
    /// <summary>The cpu range assumed when only the syntax is checked (before the rank's cpus are known).</summary>
    public const int SyntaxCheckCpus = 1 << 16;

    /// <summary>What an <c>OMP_PLACES</c> value may look like, for error messages.</summary>
    private const string Expected =
        "expected threads, cores, ll_caches, numa_domains or sockets (optionally with (count)), or places such as " +
        "{0,1},{2,3} or {0:2}:4:2 naming cpus the rank owns.";

    /// <summary>
    /// The places for <paramref name="text"/> (null: one place per cpu) over the owned <paramref name="cpus"/>.
    /// With <paramref name="syntaxOnly"/> only the syntax is checked.
    /// </summary>
    /// <exception cref="OmpEnvironmentException">The text is malformed, or names a cpu not in <paramref name="cpus"/>.</exception>
    public static int[][] Resolve(string? text, int[] cpus, bool syntaxOnly = false)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        if (text is null)
        {
            return [.. cpus.Select(cpu => new[] { cpu })];
        }

        string value = text.Trim().ToLowerInvariant();
        if (value.Length > 0 && char.IsAsciiLetter(value[0]))
        {
            return Abstract(text, value, cpus, syntaxOnly);
        }

        var reader = new Reader(text, value);
        List<int[]> places = reader.PlaceList();
        if (places.Count == 0)
        {
            throw new OmpEnvironmentException("OMP_PLACES", text, Expected);
        }

        if (!syntaxOnly)
        {
            var owned = new HashSet<int>(cpus);
            foreach (int cpu in places.SelectMany(p => p))
            {
                if (!owned.Contains(cpu))
                {
                    throw new OmpEnvironmentException("OMP_PLACES", text,
                        $"cpu {cpu} is not one this rank may use (its cpus: {string.Join(',', cpus)}).");
                }
            }
        }

        return [.. places];
    }

    /// <summary>An abstract name, with an optional count of places.</summary>
    private static int[][] Abstract(string text, string value, int[] cpus, bool syntaxOnly)
    {
        string name = value;
        int? count = null;
        int open = value.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0)
        {
            if (!value.EndsWith(')') ||
                !int.TryParse(value[(open + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) || parsed < 1)
            {
                throw new OmpEnvironmentException("OMP_PLACES", text, Expected);
            }

            name = value[..open].Trim();
            count = parsed;
        }

        Func<int, string>? key = name switch
        {
            "threads" => cpu => cpu.ToString(CultureInfo.InvariantCulture),
            "cores" => cpu => Topology(cpu, "physical_package_id") + "/" + Topology(cpu, "core_id"),
            // One package is one socket; this machine reports no finer cache or NUMA grouping to a confined isle.
            "sockets" or "ll_caches" or "numa_domains" => cpu => Topology(cpu, "physical_package_id"),
            _ => null,
        };
        if (key is null)
        {
            throw new OmpEnvironmentException("OMP_PLACES", text, Expected);
        }

        if (syntaxOnly)
        {
            return [];
        }

        int[][] places = [.. cpus.GroupBy(key).Select(g => g.ToArray())];
        return count is { } limit && limit < places.Length ? places[..limit] : places;
    }

    /// <summary>A topology attribute of a cpu from sysfs, or the cpu number when it cannot be read (each cpu its own group).</summary>
    private static string Topology(int cpu, string attribute)
    {
        try
        {
            return File.ReadAllText($"/sys/devices/system/cpu/cpu{cpu}/topology/{attribute}").Trim();
        }
        catch (IOException)
        {
            return "cpu" + cpu.ToString(CultureInfo.InvariantCulture);
        }
        catch (UnauthorizedAccessException)
        {
            return "cpu" + cpu.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A recursive-descent reader of explicit place lists.</summary>
    private sealed class Reader(string text, string value)
    {
        /// <summary>The position in <see cref="_value"/>.</summary>
        private int _at;
        /// <summary>The lower-cased text without surrounding blanks.</summary>
        private readonly string _value = value;

        /// <summary>place-list := item (',' item)*, item := '!'? place (':' len (':' stride)?)?</summary>
        public List<int[]> PlaceList()
        {
            List<int[]> places = [];
            while (true)
            {
                Skip();
                bool exclude = Accept('!');
                int[] place = Place();
                List<int[]> items = [place];
                if (Accept(':'))
                {
                    int length = Number(positive: true);
                    int stride = Accept(':') ? SignedNumber() : 1;
                    items.Clear();
                    for (int k = 0; k < length; k++)
                    {
                        int shift = k * stride;
                        items.Add([.. place.Select(cpu => Checked(cpu + shift))]);
                    }
                }

                if (exclude)
                {
                    places.RemoveAll(p => items.Any(i => i.SequenceEqual(p)));
                }
                else
                {
                    places.AddRange(items);
                }

                Skip();
                if (_at == _value.Length)
                {
                    return places;
                }

                Expect(',');
            }
        }

        /// <summary>place := '{' res (',' res)* '}', res := '!'? num (':' len (':' stride)?)?</summary>
        private int[] Place()
        {
            Skip();
            Expect('{');
            List<int> cpus = [];
            while (true)
            {
                Skip();
                bool exclude = Accept('!');
                int first = Number(positive: false);
                int length = 1;
                int stride = 1;
                if (Accept(':'))
                {
                    length = Number(positive: true);
                    stride = Accept(':') ? SignedNumber() : 1;
                }

                for (int k = 0; k < length; k++)
                {
                    int cpu = Checked(first + (k * stride));
                    if (exclude)
                    {
                        cpus.Remove(cpu);
                    }
                    else if (!cpus.Contains(cpu))
                    {
                        cpus.Add(cpu);
                    }
                }

                Skip();
                if (Accept('}'))
                {
                    return cpus.Count > 0 ? [.. cpus] : throw Error();
                }

                Expect(',');
            }
        }

        /// <summary>A cpu number in range.</summary>
        private int Checked(int cpu) => cpu is >= 0 and < SyntaxCheckCpus ? cpu : throw Error();

        /// <summary>A non-negative (or positive) decimal number.</summary>
        private int Number(bool positive)
        {
            Skip();
            int start = _at;
            while (_at < _value.Length && char.IsAsciiDigit(_value[_at]))
            {
                _at++;
            }

            if (!int.TryParse(_value.AsSpan(start, _at - start), NumberStyles.None, CultureInfo.InvariantCulture, out int number) ||
                (positive && number < 1))
            {
                throw Error();
            }

            return number;
        }

        /// <summary>A stride, which may be negative.</summary>
        private int SignedNumber()
        {
            Skip();
            bool negative = Accept('-');
            int number = Number(positive: false);
            return negative ? -number : number;
        }

        /// <summary>Consumes <paramref name="c"/> if it is next.</summary>
        private bool Accept(char c)
        {
            Skip();
            if (_at < _value.Length && _value[_at] == c)
            {
                _at++;
                return true;
            }

            return false;
        }

        /// <summary>Consumes <paramref name="c"/> or fails.</summary>
        private void Expect(char c)
        {
            if (!Accept(c))
            {
                throw Error();
            }
        }

        /// <summary>Skips blanks.</summary>
        private void Skip()
        {
            while (_at < _value.Length && char.IsWhiteSpace(_value[_at]))
            {
                _at++;
            }
        }

        /// <summary>The error for this text.</summary>
        private OmpEnvironmentException Error() => new("OMP_PLACES", text, Expected);
    }
}
