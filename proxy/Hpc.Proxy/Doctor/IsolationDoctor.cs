using System.Globalization;
using Hpc.Proxy.Cluster;

namespace Hpc.Proxy.Doctor;

/// <summary>
/// <c>hermit-run --doctor</c>: how well this node's isle cores are shielded from the OS. Compute cores are every
/// usable cpu but the first, which stays the housekeeping cpu (the kernel's and the runtime's own work goes
/// there). Checks isolcpus, nohz_full, rcu_nocbs, IRQ affinity, the frequency governor and transparent huge pages,
/// and prints a kernel command line that would fix what is missing.
/// </summary>
internal sealed class IsolationDoctor
{
    /// <summary>The root of /proc and /sys (a parameter so the checks can read a copy; "/" on a real node).</summary>
    private readonly string _root;
    /// <summary>The cpus ranks would run on.</summary>
    private readonly CpuSet _compute;
    /// <summary>The housekeeping cpu.</summary>
    private readonly int _housekeeping;

    /// <summary>Checks the node whose usable cpus are <paramref name="usable"/>, reading files under <paramref name="root"/>.</summary>
    public IsolationDoctor(CpuSet usable, string root = "/")
    {
        ArgumentNullException.ThrowIfNull(usable);
        _root = root;
        _housekeeping = usable.Cpus.Count > 0 ? usable.Cpus[0] : 0;
        _compute = usable.Cpus.Count > 1 ? CpuSet.Parse(string.Join(',', usable.Cpus.Skip(1))) : usable;
    }

    /// <summary>The compute cpus as a kernel cpu list.</summary>
    public string ComputeList => _compute.ToString();

    /// <summary>Runs every check.</summary>
    public IReadOnlyList<IsolationCheck> Check()
    {
        string cmdline = Read("proc/cmdline") ?? "";
        string list = ComputeList;
        var checks = new List<IsolationCheck>
        {
            Covers("isolcpus", Read("sys/devices/system/cpu/isolated"), $"isolcpus=managed_irq,domain,{list}"),
            Covers("nohz_full", Read("sys/devices/system/cpu/nohz_full"), $"nohz_full={list}"),
            Covers("rcu_nocbs", Parameter(cmdline, "rcu_nocbs"), $"rcu_nocbs={list}"),
        };
        checks.Add(Interrupts());
        checks.Add(Governor());
        string? thp = Read("sys/kernel/mm/transparent_hugepage/enabled");
        bool thpQuiet = thp is not null && (thp.Contains("[never]", StringComparison.Ordinal) || thp.Contains("[madvise]", StringComparison.Ordinal));
        checks.Add(new IsolationCheck("THP", thpQuiet || thp is null, thp ?? "not available",
            thpQuiet || thp is null ? "" : "transparent_hugepage=madvise (khugepaged compaction stalls otherwise)"));
        return checks;
    }

    /// <summary>
    /// The kernel command line that would fix every failed check: the current one with the missing parameters
    /// added (replacing any old value), before a "--" (what follows it belongs to init).
    /// </summary>
    public static string FixedCommandLine(IEnumerable<IsolationCheck> checks, string current)
    {
        var words = current.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        int end = words.IndexOf("--");
        var kernel = end < 0 ? words : words[..end];
        var init = end < 0 ? [] : words[end..];
        foreach (IsolationCheck check in checks.Where(c => !c.Good && c.Advice.Contains('=', StringComparison.Ordinal)))
        {
            string parameter = check.Advice.Split(' ')[0];
            string key = parameter.Split('=')[0];
            kernel.RemoveAll(w => w.Split('=')[0] == key);
            kernel.Add(parameter);
        }

        return string.Join(' ', kernel.Concat(init));
    }

    /// <summary>Prints the report; returns 0 when everything is isolated, 1 when something is not.</summary>
    public int Print(TextWriter output)
    {
        IReadOnlyList<IsolationCheck> checks = Check();
        output.WriteLine($"hermit-run --doctor: compute cpus {ComputeList}, housekeeping cpu {_housekeeping}");
        foreach (IsolationCheck check in checks)
        {
            output.WriteLine($"  {(check.Good ? "ok  " : "MISS")} {check.Name,-10} {check.Found}{(check.Advice.Length > 0 ? $"  → {check.Advice}" : "")}");
        }

        if (checks.All(c => c.Good))
        {
            output.WriteLine("The isle cores are isolated.");
            return 0;
        }

        output.WriteLine("A kernel command line that would isolate them (then reboot):");
        output.WriteLine($"  {FixedCommandLine(checks, Read("proc/cmdline") ?? "")}");
        return 1;
    }

    /// <summary>A check that <paramref name="found"/> (a cpu list) covers every compute cpu.</summary>
    private IsolationCheck Covers(string name, string? found, string advice)
    {
        CpuSet set = TryParse(found);
        bool good = _compute.Cpus.All(set.Cpus.Contains);
        return new IsolationCheck(name, good, string.IsNullOrWhiteSpace(found) ? "none" : found.Trim(), good ? "" : advice);
    }

    /// <summary>IRQs whose affinity includes a compute cpu (the default affinity counts as one more).</summary>
    private IsolationCheck Interrupts()
    {
        string irqs = Path.Combine(_root, "proc/irq");
        if (!Directory.Exists(irqs))
        {
            return new IsolationCheck("IRQs", true, "no /proc/irq", "");
        }

        int total = 0, onCompute = 0;
        foreach (string directory in Directory.EnumerateDirectories(irqs))
        {
            string? list = Read(Path.Combine("proc/irq", Path.GetFileName(directory), "smp_affinity_list"));
            if (list is null)
            {
                continue;
            }

            total++;
            onCompute += TryParse(list).Cpus.Any(_compute.Cpus.Contains) ? 1 : 0;
        }

        bool good = onCompute == 0;
        return new IsolationCheck("IRQs", good, string.Create(CultureInfo.InvariantCulture, $"{onCompute} of {total} may run on compute cpus"),
            good ? "" : string.Create(CultureInfo.InvariantCulture, $"irqaffinity={_housekeeping} (and stop irqbalance)"));
    }

    /// <summary>The scaling governor of the compute cpus.</summary>
    private IsolationCheck Governor()
    {
        var governors = _compute.Cpus.Select(cpu => Read($"sys/devices/system/cpu/cpu{cpu}/cpufreq/scaling_governor")?.Trim()).Distinct().ToList();
        if (governors.All(g => g is null))
        {
            return new IsolationCheck("governor", true, "no cpufreq (a VM, or fixed frequency)", "");
        }

        bool good = governors.All(g => g == "performance");
        return new IsolationCheck("governor", good, string.Join(',', governors.Select(g => g ?? "?")), good ? "" : "cpufreq.default_governor=performance");
    }

    /// <summary>A file's text under the root, or null when it cannot be read.</summary>
    private string? Read(string relative)
    {
        try
        {
            return File.ReadAllText(Path.Combine(_root, relative)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The value of <c>key=value</c> on a kernel command line, or null.</summary>
    private static string? Parameter(string cmdline, string key) =>
        cmdline.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Split('=', 2)).FirstOrDefault(p => p[0] == key && p.Length == 2)?[1];

    /// <summary>A cpu list, or the empty set when there is none or it is not a list (isolcpus flags are skipped).</summary>
    private static CpuSet TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return CpuSet.Empty;
        }

        string list = string.Join(',', text.Trim().Split(',').Where(p => p.Length > 0 && char.IsDigit(p[0])));
        try
        {
            return list.Length == 0 ? CpuSet.Empty : CpuSet.Parse(list);
        }
        catch (FormatException)
        {
            return CpuSet.Empty;
        }
    }
}
