using System.Diagnostics;
using Hpc.NoiseStudies.Reports;
using Hpc.NoiseStudies.Tests.Studies;
using Hpc.NoiseStudies.Tracing;

namespace Hpc.NoiseStudies.Tests.Tracing;

/// <summary>
/// Studies with the kernel trace, for real: tracefs as root (the tool mounts it where it is missing). Skipped, with
/// the reason, where tracefs cannot be used.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class TracedStudyTests
{
    [SetUp]
    public void RequireTracefs()
    {
        Assume.That(Environment.UserName, Is.EqualTo("root"), "tracefs instances need root");
        Assume.That(Directory.Exists(TraceSession.Root), $"{TraceSession.Root} does not exist (no tracefs in this kernel)");
    }

    [Test]
    public void Study_Traced_RtlaTablePerDetourCausesAndNoInstanceLeft()
    {
        string output = Path.Combine(Checkout.TempFolder(), "traced");

        (int status, string text) = Checkout.HermitNoise("--samples", "1000", "--warmup", "50", "--configs", "c,isle-alloc", "--cpus", "0", "--out", output);

        Assert.That(status, Is.Zero, text);
        Assert.That(text, Does.Contain("CPU available").And.Contain("Noise by class"), text);
        Assert.That(File.Exists(TraceSession.TraceFile(Path.Combine(output, "raw", "c", "round-1"), 0)));
        string[] perCpu = File.ReadAllLines(Path.Combine(output, OsNoiseReport.FileName));
        Assert.That(perCpu[0], Does.StartWith("config,cpu,measured_us,lost_us,available_percent,max_single_us,hw_count,hw_us"));
        // 100 ms measured: the 250 Hz local timer alone interrupts each cpu some 25 times.
        string[] c = perCpu.Single(l => l.StartsWith("c,0,", StringComparison.Ordinal)).Split(',');
        int irqCount = Array.IndexOf(perCpu[0].Split(','), "irq_count");
        Assert.That(int.Parse(c[irqCount], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(5));
        Assert.That(perCpu.Any(l => l.StartsWith("isle-alloc,0,", StringComparison.Ordinal)));
        string[] detours = File.ReadAllLines(Path.Combine(output, OsNoiseReport.DetoursFileName));
        Assert.That(detours[0], Is.EqualTo("config,round,cpu,start_us,lost_us,causes"));
        Assert.That(detours.Skip(1), Is.Not.Empty.And.All.Match(@"^(c|isle-alloc),1,0,[\d.]+,[\d.]+,"".+ µs.*""$"));
        Assert.That(Instances(), Is.Empty, "the trace instance was left behind");
    }

    [Test]
    public void Study_Interrupted_TraceInstanceRemoved()
    {
        string output = Path.Combine(Checkout.TempFolder(), "interrupted");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { Checkout.Tool, "--root", Checkout.Root, "--samples", "100000", "--warmup", "10", "--configs", "c", "--cpus", "0", "--out", output })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var waited = Stopwatch.StartNew();
        // The signal follows the instance closely: the probe is being started just then, the moment a signal once
        // left it running.
        while (Instances().All(i => !i.Contains($"-{process.Id}-", StringComparison.Ordinal)) && waited.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
        {
            Thread.Sleep(1);
        }

        Assert.That(Instances(), Has.Some.Contains($"hermit-noise-{process.Id}-"), "the study never started tracing");
        Assert.That(Kill(process.Id, 2), Is.Zero); // SIGINT, as Ctrl-C
        Assert.That(process.WaitForExit(TimeSpan.FromSeconds(60)), Is.True);

        Assert.That(Instances().Where(i => i.Contains($"hermit-noise-{process.Id}-", StringComparison.Ordinal)), Is.Empty);
        // The floor it was running went with it (its arguments name the study's folder).
        var deadline = Stopwatch.StartNew();
        while (ProbesOf(output).Any() && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(50);
        }

        Assert.That(ProbesOf(output), Is.Empty, "the probe outlived the interrupted study");
    }

    /// <summary>The pids of processes whose command line names <paramref name="folder"/>.</summary>
    private static IEnumerable<string> ProbesOf(string folder) => Directory.GetDirectories("/proc").Where(p =>
    {
        try
        {
            return File.ReadAllText(Path.Combine(p, "cmdline")).Contains(folder, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    });

    /// <summary>The tracefs instances present now.</summary>
    private static string[] Instances()
    {
        string folder = Path.Combine(TraceSession.Root, "instances");
        return Directory.Exists(folder) ? Directory.GetDirectories(folder, "hermit-noise-*") : [];
    }

    /// <summary>kill(2).</summary>
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
