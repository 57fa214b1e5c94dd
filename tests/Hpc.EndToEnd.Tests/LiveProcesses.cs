namespace Hpc.EndToEnd.Tests;

/// <summary>Live processes of this machine, found by their command line (read from /proc).</summary>
internal static class LiveProcesses
{
    /// <summary>Process ids of the live (not zombie) processes whose command line satisfies <paramref name="commandLine"/>.</summary>
    public static int[] Matching(Func<string, bool> commandLine)
    {
        var found = new List<int>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }

            try
            {
                string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // A zombie is already dead (its parent just has not reaped it yet).
                bool zombie = stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
                if (!zombie && commandLine(cmdline))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return [.. found];
    }

    /// <summary>The parent of <paramref name="pid"/>, or -1 when it has ended.</summary>
    public static int ParentOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    /// <summary>
    /// <paramref name="roots"/> and every process descending from one of them, except the subtrees of
    /// <paramref name="elsewhere"/> (processes that belong somewhere else, e.g. on another namespace node).
    /// </summary>
    public static int[] WithDescendants(IEnumerable<int> roots, IReadOnlySet<int> elsewhere)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out int pid) && ParentOf(pid) is int parent and > 0)
            {
                if (!children.TryGetValue(parent, out List<int>? list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
        }

        var found = new HashSet<int>();
        var pending = new Stack<int>(roots);
        while (pending.Count > 0)
        {
            int pid = pending.Pop();
            if (!elsewhere.Contains(pid) && found.Add(pid) && children.TryGetValue(pid, out List<int>? list))
            {
                list.ForEach(pending.Push);
            }
        }

        return [.. found];
    }
}
