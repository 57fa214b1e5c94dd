using System.Diagnostics;
using Hpc.EndToEnd.Tests;

namespace Hpc.Metal.Tests;

/// <summary>
/// hermit-run --target qemu end to end: ordinary jobs published by ILCompiler and booted as the kernel's module,
/// console and status through the segment rings.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class HermitRunMetalTests
{
    /// <summary>The metal test job's project folder (an ordinary job that references Hpc.Kernel).</summary>
    private static string MetalJob => Path.Combine(HermitRun.RepoRoot, "tests/jobs/MetalJob");

    /// <summary>The Pi example's project folder (an ordinary Hpc.Mpi job).</summary>
    private static string Pi => Path.Combine(HermitRun.RepoRoot, "examples/Pi");

    /// <summary>
    /// The Pi example (an ordinary Hpc.Mpi job) as the JOB of a 2-vCPU metal isle: hermit-run publishes it
    /// with ILCompiler and boots it as the kernel's module, and it prints what a hosted rank prints.
    /// </summary>
    [Test]
    public void Pi_PublishedAndBootedAsModule_PrintsWhatAHostedRankPrints()
    {
        RunResult metal = HermitRun.Run(["--target", "qemu", "--cores-per-isle", "2", Pi, "1000000"], limit: TimeSpan.FromMinutes(6));
        RunResult hosted = HermitRun.Run(["--target", "process", "-n", "1", Pi, "1000000"]);
        Assert.Multiple(() =>
        {
            Assert.That(metal.ExitCode, Is.EqualTo(0), metal.ToString());
            Assert.That(metal.Stdout, Does.StartWith("pi ≈ 3.14159265"), metal.ToString());
            Assert.That(metal.Stdout, Is.EqualTo(hosted.Stdout), $"{metal}\n{hosted}");
        });
        MetalLeftovers.AssertNone(metal.ToString());
    }

    /// <summary>
    /// A static-PIE Linux executable as the JOB: the kernel boots it as its module, its stdout and the kernel's notice
    /// about an unknown system call (stderr) travel as the rank's records, and its status is hermit-run's.
    /// </summary>
    [Test]
    public void LinuxProgram_AsJob_PrintsThroughRingAndReturnsItsStatus()
    {
        RunResult run = HermitRun.Run(["--target", "qemu", Path.Combine(AppContext.BaseDirectory, "linux-hello"), "unknown"]);
        Assert.Multiple(() =>
        {
            Assert.That(run.Stdout, Does.StartWith("hello from a static PIE, argc=2\nargv[1]=unknown\n"), run.ToString());
            Assert.That(run.Stdout, Does.Contain("tls 42\n"), run.ToString());
            Assert.That(run.Stdout, Does.Not.Contain("hpc:"), run.ToString());
            Assert.That(run.Stderr, Does.Contain("hpc: unsupported system call 999: -ENOSYS"), run.ToString());
            Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        });
        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>
    /// A C program's file calls on a metal isle — readlink, *at calls on a directory descriptor, a descriptor and its
    /// dup sharing one offset, pread, lseek, readdir, unlinkat, getcwd — are requests the proxy serves below the
    /// working directory, and give the lines the program gives natively in the same folder, where both leave only the
    /// link the test made.
    /// </summary>
    [Test]
    public void LinuxProgram_FileCalls_SameAsNativelyInTheSameFolder()
    {
        string program = Path.Combine(AppContext.BaseDirectory, "linux-hello");
        string folder = HermitRun.TempFolder();
        string link = Path.Combine(folder, "linux-link");
        File.CreateSymbolicLink(link, "../elsewhere/target");
        var start = new ProcessStartInfo(program, "files") { WorkingDirectory = folder, RedirectStandardOutput = true };
        using Process native = Process.Start(start)!;
        string nativeOutput = native.StandardOutput.ReadToEnd();
        Assert.That(native.WaitForExit(TimeSpan.FromMinutes(1)), Is.True, "the program did not end natively");

        RunResult run = HermitRun.Run(["--target", "qemu", program, "files"], workingDirectory: folder);
        string[] nativeLines = FileLines(nativeOutput);
        Assert.Multiple(() =>
        {
            Assert.That(nativeLines, Does.Contain($"files: getcwd {folder}").And.Contain("files: pread 4, lseek 1, read 3: cdefbcd").And.Contain("files: readlink 19 ../elsewhere/target"), nativeOutput);
            Assert.That(FileLines(run.Stdout), Is.EqualTo(nativeLines), run.ToString());
            Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
            Assert.That(Directory.EnumerateFileSystemEntries(folder), Is.EqualTo(new[] { link }), "left behind");
        });
        MetalLeftovers.AssertNone(run.ToString());
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>The "files:" lines of an output.</summary>
    private static string[] FileLines(string output) => [.. output.Split('\n').Where(line => line.StartsWith("files: ", StringComparison.Ordinal))];

    /// <summary>Console output goes through the rank's ring and names the rank from the segment.</summary>
    [Test]
    public void Hello_ThroughRing_PrintsRankAndExitsZero()
    {
        RunResult run = HermitRun.Run(["--target", "qemu", MetalJob, "hello"]);
        Assert.Multiple(() =>
        {
            Assert.That(run.Lines, Is.EqualTo(new[] { "hello from rank 0 of 1" }), run.ToString());
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        });
        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>Two isles are two VMs, each running its own rank and printing through its own ring.</summary>
    [Test]
    public void TwoIsles_TwoVms_EachRankPrints()
    {
        RunResult run = HermitRun.Run(["--target", "qemu", "--isles", "2", MetalJob, "hello"]);
        Assert.Multiple(() =>
        {
            Assert.That(run.Lines.Order(), Is.EqualTo(new[] { "hello from rank 0 of 2", "hello from rank 1 of 2" }), run.ToString());
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        });
        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>The job's status reaches hermit-run through the exit record.</summary>
    [Test]
    public void ExitStatus_ThroughRing_BecomesHermitRunStatus()
    {
        RunResult run = HermitRun.Run(["--target", "qemu", MetalJob, "exit", "5"]);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(5), run.ToString());
            Assert.That(run.Stdout, Does.Contain("exiting with 5"));
            Assert.That(run.Stderr, Does.Contain("rank 0 (isle 0, cpu 0) exited with status 5"));
        });
        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>
    /// A fault the runtime cannot turn into an exception (a call to an unmapped address: the runtime's SIGSEGV handler
    /// finds no managed code there and hands the fault back to the default action) is reported as the rank's failure
    /// with the faulting address, and fails the job.
    /// </summary>
    [Test]
    public void Panic_InJob_ReportedAsRankFailure()
    {
        RunResult run = HermitRun.Run(["--target", "qemu", MetalJob, "panic"]);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(0), run.ToString());
            Assert.That(run.Stdout, Does.Contain("about to fault"), run.ToString());
            Assert.That(run.Stderr, Does.Match(@"rank 0 \(isle 0, cpu 0\) failed: panic: page fault at 0x765432100000 \(error \d+\) at 0x765432100000 "), run.ToString());
        });
        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>A VM killed from outside ends the job with a clear cause; hermit-run survives it and leaves nothing.</summary>
    [Test]
    public void DyingVm_KilledFromOutside_ProxyReportsAndCleansUp()
    {
        RunResult run = HermitRun.Run(["--target", "qemu", MetalJob, "hang"], whileRunning: process =>
        {
            // The rank prints "hanging" and then sleeps for ever; kill its VM once it runs.
            int[] qemu = [];
            var guard = Stopwatch.StartNew();
            while (qemu.Length == 0 && guard.Elapsed < TimeSpan.FromMinutes(2))
            {
                Thread.Sleep(100);
                qemu = MetalLeftovers.QemuChildrenOf(process.Id);
            }

            Assert.That(qemu, Has.Length.EqualTo(1), "no QEMU child of hermit-run appeared");
            Thread.Sleep(1000);
            Process.GetProcessById(qemu[0]).Kill();
        });
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(137), run.ToString());
            Assert.That(run.Stderr, Does.Contain("was killed by signal 9 (SIGKILL) while rank 0 was still running"));
        });
        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>Ctrl-C (SIGINT to hermit-run) ends the VM with status 130 and leaves nothing.</summary>
    [Test]
    public void CtrlC_WhileVmRuns_EndsWith130AndLeavesNothing()
    {
        RunResult run = HermitRun.Run(["--target", "qemu", MetalJob, "hang"], whileRunning: process =>
        {
            var guard = Stopwatch.StartNew();
            while (MetalLeftovers.QemuChildrenOf(process.Id).Length == 0 && guard.Elapsed < TimeSpan.FromMinutes(2))
            {
                Thread.Sleep(100);
            }

            Thread.Sleep(1000);
            Assert.That(SendSignal(process.Id, 2), Is.EqualTo(0), "kill(SIGINT) failed");
        });
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(130), run.ToString());
            Assert.That(run.Stderr, Does.Contain("interrupted (Ctrl-C)"));
        });
        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>kill(2).</summary>
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);

    /// <summary>--timeout ends a hanging VM with status 124 and removes it and the segment.</summary>
    [Test]
    public void Timeout_HangingVm_EndsWith124AndLeavesNothing()
    {
        RunResult run = HermitRun.Run(["--target", "qemu", "--timeout", "5", MetalJob, "hang"]);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(124), run.ToString());
            Assert.That(run.Stderr, Does.Contain("job timed out"));
        });
        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>
    /// With /dev/kvm, --target kvm either runs the job (KVM that runs plain guests) or ends within seconds saying KVM
    /// cannot run it (a PVM-style KVM pauses the guest at its first SSE instruction, another aborts QEMU on an MSR):
    /// never a hang, never a VM left behind.
    /// </summary>
    [Test]
    public void Kvm_WithDevKvm_RunsOrEndsWithClearLine()
    {
        Assume.That(File.Exists("/dev/kvm"), Is.True, "this machine has no KVM (the refusal is tested below)");
        var clock = Stopwatch.StartNew();
        RunResult run = HermitRun.Run(["--target", "kvm", Pi, "1000000"], limit: TimeSpan.FromMinutes(6));
        clock.Stop();
        if (run.ExitCode == 0)
        {
            Assert.That(run.Stdout, Does.StartWith("pi ≈ 3.14159265"), run.ToString());
        }
        else
        {
            Assert.That(run.Stderr, Does.Contain("KVM cannot run this guest on this host").Or.Contain("did not start its kernel"), run.ToString());
            Assert.That(run.Stderr, Does.Contain("--target qemu runs the same image under TCG"), run.ToString());
        }

        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>A VM that has not attached to the segment within the bound ends the job with a line naming it.</summary>
    [Test]
    public void Qemu_NotStartedWithinTheBound_EndsTheJobNamed()
    {
        // No QEMU starts and boots a kernel in 10 ms, so the bound always expires first.
        RunResult run = HermitRun.Run(["--target", "qemu", MetalJob, "hello"], environment: new Dictionary<string, string> { [MetalStartVariable] = "0.01" });
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Stderr, Does.Contain("isle 0 (a qemu VM on cpus").And.Contain("did not start its kernel within 0 s"), run.ToString());
        });
        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>hermit-run's variable for the metal start bound (Running/Metal/MetalStartWatch.cs).</summary>
    private const string MetalStartVariable = "HPC_METAL_START_SECONDS";

    /// <summary>Without /dev/kvm, --target kvm is refused with a message saying so.</summary>
    [Test]
    public void Kvm_WithoutDevKvm_RefusedWithClearMessage()
    {
        Assume.That(File.Exists("/dev/kvm"), Is.False, "this machine has KVM");
        RunResult run = HermitRun.Run(["--target", "kvm", MetalJob]);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Stderr, Does.Contain("--target kvm needs /dev/kvm"));
        });
    }
}
