using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Hpc.NoiseStudies.Tracing;

/// <summary>
/// Kernel tracepoints of the measured cpus during one run, in a tracefs instance of its own
/// (instances/hermit-noise-PID-N): its own ring buffers, event switches, cpu mask and clock, so the global trace and
/// other users are left alone, and removing the instance switches everything off at once. Recorded: hard irqs
/// (irq_handler_*), the APIC vectors (irq_vectors:*_entry/_exit: local timer, IPIs), softirqs, NMIs and
/// sched_switch, stamped with CLOCK_MONOTONIC ("mono"), the probes' clock. The per-cpu buffers overwrite their
/// oldest events, so the end of the run (the measured phase) is what stays; they are read as text once the run is
/// over (per_cpu/cpuN/trace, µs timestamps: enough for detours of 1 µs and more, and no ring-buffer page format to
/// decode), never while the probe measures. The instance is removed on dispose, on SIGINT/SIGTERM and at exit.
/// </summary>
internal sealed class TraceSession : IDisposable
{
    /// <summary>Where tracefs is mounted.</summary>
    public const string Root = "/sys/kernel/tracing";

    /// <summary>Ring buffer per cpu, KiB: the end of a run of some seconds under load fits.</summary>
    private const int BufferKilobytes = 16384;

    /// <summary>Prefix of this tool's instances (the pid follows: instances of dead tools are removed).</summary>
    private const string InstancePrefix = "hermit-noise-";

    /// <summary>The trace events enabled, as system/event, besides the irq_vectors entries and exits.</summary>
    private static readonly string[] s_events =
        ["irq/irq_handler_entry", "irq/irq_handler_exit", "irq/softirq_entry", "irq/softirq_exit", "nmi/nmi_handler", "sched/sched_switch"];

    /// <summary>Sessions numbered within this process.</summary>
    private static int s_sessions;

    /// <summary>The instance's folder.</summary>
    private readonly string _instance;
    /// <summary>The cpus traced.</summary>
    private readonly IReadOnlyList<int> _cpus;
    /// <summary>Removes the instance on SIGINT and SIGTERM.</summary>
    private readonly PosixSignalRegistration[] _signals;
    /// <summary>Serialises disposal: a second caller (the tool unwinding, or exiting) returns only once the first removed the instance.</summary>
    private readonly object _gate = new();
    /// <summary>Set once disposal began (under <see cref="_gate"/>).</summary>
    private bool _disposed;

    /// <summary>
    /// Creates the instance, the signal handlers first: a SIGINT at any moment after the folder exists finds a
    /// handler that removes it. Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when
    /// tracefs refuses.
    /// </summary>
    private TraceSession(string instance, IReadOnlyList<int> cpus)
    {
        _instance = instance;
        _cpus = cpus;
        // The default action (ending the process) follows the handler: the instance goes first.
        _signals = [PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Dispose()), PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Dispose())];
        AppDomain.CurrentDomain.ProcessExit += OnExit;
        try
        {
            Directory.CreateDirectory(instance);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts tracing <paramref name="cpus"/>; null with <paramref name="reason"/> (one line) where tracefs cannot be
    /// used. As root, mounts tracefs where it is missing.
    /// </summary>
    public static TraceSession? TryStart(IReadOnlyList<int> cpus, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        if (!File.Exists(Path.Combine(Root, "available_events")) && !TryMount(out reason))
        {
            return null;
        }

        RemoveStale();
        string instance = Path.Combine(Root, "instances", string.Create(CultureInfo.InvariantCulture, $"{InstancePrefix}{Environment.ProcessId}-{Interlocked.Increment(ref s_sessions)}"));
        TraceSession session;
        try
        {
            session = new TraceSession(instance, cpus);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"tracefs at {Root} does not let this user create an instance ({e.Message}; run as root)";
            return null;
        }

        try
        {
            session.Write("tracing_on", "0");
            session.Write("trace_clock", "mono");
            session.Write("buffer_size_kb", BufferKilobytes.ToString(CultureInfo.InvariantCulture));
            session.Write("tracing_cpumask", Mask(cpus));
            foreach (string name in s_events.Concat(VectorEvents()))
            {
                session.Write(Path.Combine("events", name, "enable"), "1");
            }

            session.Write("tracing_on", "1");
            reason = null;
            return session;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            session.Dispose();
            reason = $"tracefs refused the trace setup ({e.Message})";
            return null;
        }
    }

    /// <summary>Stops tracing and writes each cpu's events as text to trace-cpuN.txt in <paramref name="directory"/>.</summary>
    public void Save(string directory)
    {
        Write("tracing_on", "0");
        foreach (int cpu in _cpus)
        {
            string source = Path.Combine(_instance, "per_cpu", string.Create(CultureInfo.InvariantCulture, $"cpu{cpu}"), "trace");
            File.Copy(source, TraceFile(directory, cpu), overwrite: true);
        }
    }

    /// <summary>The text trace of <paramref name="cpu"/> in a run's folder.</summary>
    public static string TraceFile(string directory, int cpu) => Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"trace-cpu{cpu}.txt"));

    /// <summary>Switches tracing and the events off and removes the instance (its buffers with it).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            AppDomain.CurrentDomain.ProcessExit -= OnExit;
            foreach (PosixSignalRegistration signal in _signals)
            {
                signal.Dispose();
            }

            Remove(_instance);
        }
    }

    /// <summary>At exit: the instance goes.</summary>
    private void OnExit(object? sender, EventArgs e) => Dispose();

    /// <summary>Writes <paramref name="value"/> into the instance's file <paramref name="name"/>.</summary>
    private void Write(string name, string value) => File.WriteAllText(Path.Combine(_instance, name), value);

    /// <summary>The irq_vectors events that open or close a handler (local timer, IPIs, …), as system/event.</summary>
    private static IEnumerable<string> VectorEvents()
    {
        string folder = Path.Combine(Root, "events", "irq_vectors");
        return Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>()
                .Where(n => n.EndsWith("_entry", StringComparison.Ordinal) || n.EndsWith("_exit", StringComparison.Ordinal))
                .Select(n => "irq_vectors/" + n)
            : [];
    }

    /// <summary>tracing_cpumask's format: hex, in comma-separated 32-bit groups, highest first.</summary>
    private static string Mask(IReadOnlyList<int> cpus)
    {
        int groups = (cpus.Max() / 32) + 1;
        var words = new uint[groups];
        foreach (int cpu in cpus)
        {
            words[cpu / 32] |= 1u << (cpu % 32);
        }

        return string.Join(',', words.Reverse().Select(w => w.ToString("x8", CultureInfo.InvariantCulture)));
    }

    /// <summary>Switches an instance off and removes it; a failure is one line on stderr (the instance is then left).</summary>
    private static void Remove(string instance)
    {
        if (!Directory.Exists(instance))
        {
            return;
        }

        // A signal may land while another thread still writes the instance's settings: tracefs refuses to remove an
        // instance with a file open (EBUSY), so the removal is tried again for a while.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                File.WriteAllText(Path.Combine(instance, "tracing_on"), "0");
                File.WriteAllText(Path.Combine(instance, "events", "enable"), "0");
                Directory.Delete(instance);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (attempt == 100)
                {
                    Console.Error.WriteLine($"hermit-noise: could not remove the trace instance {instance}: {e.Message}");
                    return;
                }

                Thread.Sleep(10);
            }
        }
    }

    /// <summary>Removes the instances of hermit-noise processes that no longer run (killed before they could).</summary>
    private static void RemoveStale()
    {
        string instances = Path.Combine(Root, "instances");
        foreach (string instance in Directory.Exists(instances) ? Directory.GetDirectories(instances, InstancePrefix + "*") : [])
        {
            string[] parts = Path.GetFileName(instance)[InstancePrefix.Length..].Split('-');
            if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
            {
                Remove(instance);
            }
        }
    }

    /// <summary>Mounts tracefs at <see cref="Root"/> (root only); false with the reason when it cannot.</summary>
    private static bool TryMount(out string? reason)
    {
        if (Environment.UserName != "root" || !Directory.Exists(Root))
        {
            reason = $"tracefs is not mounted at {Root} and this user cannot mount it (as root: mount -t tracefs nodev {Root})";
            return false;
        }

        using var mount = Process.Start(new ProcessStartInfo("mount", ["-t", "tracefs", "nodev", Root]) { RedirectStandardError = true })!;
        string error = mount.StandardError.ReadToEnd();
        mount.WaitForExit();
        reason = mount.ExitCode == 0 && File.Exists(Path.Combine(Root, "available_events")) ? null : $"tracefs could not be mounted at {Root}: {error.Trim()}";
        if (reason is null)
        {
            Console.Error.WriteLine($"hermit-noise: mounted tracefs at {Root}");
        }

        return reason is null;
    }
}
