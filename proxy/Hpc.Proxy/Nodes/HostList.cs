using Hpc.Proxy.Cli;

namespace Hpc.Proxy.Nodes;

/// <summary>
/// The node lists hermit-run reads: <c>--hosts a,b,c</c>, an mpiexec host file, Slurm's compressed node list.
/// Every list keeps its order and drops repeated names (a host listed twice is one node: ranks are dealt per node).
/// </summary>
internal static class HostList
{
    /// <summary>Parses <c>--hosts a,b:4,c</c> (a <c>:slots</c> suffix, as mpiexec allows, is accepted and ignored).</summary>
    public static IReadOnlyList<ClusterNode> ParseHosts(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = text.Split(',', StringSplitOptions.TrimEntries).ToList();
        if (names.Any(n => n.Length == 0))
        {
            throw new NodeListException($"--hosts {ErrorText.Quote(text)} has an empty host name");
        }

        return Distinct(names.Select(StripSlots));
    }

    /// <summary>
    /// Parses an mpiexec (hydra) host file: one host per line as <c>host</c>, <c>host:slots</c> or
    /// <c>host slots=N</c>; <c>#</c> starts a comment; blank lines are skipped. Slot counts are ignored: every
    /// node runs one per-node proxy, which places that node's ranks itself.
    /// </summary>
    public static IReadOnlyList<ClusterNode> ParseHostFile(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = new List<string>();
        string[] lines = text.ReplaceLineEndings("\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            int comment = line.IndexOf('#');
            line = (comment >= 0 ? line[..comment] : line).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            string[] fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            foreach (string extra in fields.Skip(1))
            {
                if (!extra.StartsWith("slots=", StringComparison.Ordinal) && !extra.StartsWith("max_slots=", StringComparison.Ordinal))
                {
                    throw new NodeListException($"{path}:{i + 1}: expected 'host', 'host:slots' or 'host slots=N', not {ErrorText.Quote(line)}");
                }
            }

            names.Add(StripSlots(fields[0]));
        }

        return names.Count > 0 ? Distinct(names) : throw new NodeListException($"{path}: the host file lists no host");
    }

    /// <summary>
    /// Expands Slurm's compressed node list (<c>SLURM_JOB_NODELIST</c>): <c>n[01-03,07],gpu1</c> gives n01, n02,
    /// n03, n07, gpu1; zero padding is kept.
    /// </summary>
    public static IReadOnlyList<ClusterNode> ExpandSlurm(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = new List<string>();
        int start = 0;
        int depth = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] == '[')
            {
                depth++;
            }
            else if (i < text.Length && text[i] == ']')
            {
                depth--;
            }
            else if (i == text.Length || (text[i] == ',' && depth == 0))
            {
                string item = text[start..i].Trim();
                if (item.Length > 0)
                {
                    names.AddRange(ExpandSlurmItem(item, text));
                }

                start = i + 1;
            }
        }

        return names.Count > 0 ? Distinct(names) : throw new NodeListException($"Slurm node list '{text}' is empty");
    }

    /// <summary>Expands one <c>prefix[ranges]suffix</c> item (one bracket group, as Slurm writes them).</summary>
    private static IEnumerable<string> ExpandSlurmItem(string item, string whole)
    {
        int open = item.IndexOf('[');
        if (open < 0)
        {
            return [item];
        }

        int close = item.IndexOf(']', open);
        if (close < 0)
        {
            throw new NodeListException($"Slurm node list '{whole}': unclosed '[' in '{item}'");
        }

        string prefix = item[..open];
        string suffix = item[(close + 1)..];
        var names = new List<string>();
        foreach (string range in item[(open + 1)..close].Split(','))
        {
            string[] ends = range.Split('-');
            if (ends.Length is < 1 or > 2 || !int.TryParse(ends[0], out int from) || !int.TryParse(ends[^1], out int to) || to < from)
            {
                throw new NodeListException($"Slurm node list '{whole}': bad range '{range}'");
            }

            int width = ends[0].Length;
            for (int n = from; n <= to; n++)
            {
                names.AddRange(ExpandSlurmItem(prefix + n.ToString().PadLeft(width, '0') + suffix, whole));
            }
        }

        return names;
    }

    /// <summary>"host:4" → "host".</summary>
    private static string StripSlots(string name)
    {
        int colon = name.IndexOf(':');
        return colon > 0 ? name[..colon] : name;
    }

    /// <summary>The names in order, each once (host names compare case-insensitively).</summary>
    private static IReadOnlyList<ClusterNode> Distinct(IEnumerable<string> names) =>
        [.. names.Distinct(StringComparer.OrdinalIgnoreCase).Select(n => new ClusterNode(n, null))];
}
