using System.Diagnostics;
using System.Globalization;
using Hpc.Hosted;
using NUnit.Framework;

namespace Hpc.Kernel.Tests.Hosted;

/// <summary>
/// A real process confined and re-executed by <see cref="IsleConfinement"/> (tests/tools/ConfineProbe): what it can
/// reach afterwards, and the cpus of every one of its threads, runtime threads included.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ConfinedProbeTests
{
    /// <summary>The scratch root holding the granted and the not granted directories.</summary>
    private string _root = string.Empty;

    /// <summary>Granted read-only.</summary>
    private string _readOnly = string.Empty;

    /// <summary>Granted read-write; its name has a space and a non-ASCII letter to test argv and path encoding.</summary>
    private string _readWrite = string.Empty;

    /// <summary>Not granted.</summary>
    private string _outside = string.Empty;

    /// <summary>A single file granted read-write, as the segment file will be; its directory is not granted.</summary>
    private string _segment = string.Empty;

    /// <summary>The cpu the probe is pinned to: the test host's last allowed cpu.</summary>
    private int _cpu;

    /// <summary>The Landlock ABI of this kernel (0: none).</summary>
    private int _abi;

    /// <summary>The one confined run most tests read.</summary>
    private ProbeRun _run = null!;

    /// <summary>Creates the directories and runs the probe once with every action the tests look at.</summary>
    [OneTimeSetUp]
    public void RunConfinedProbe()
    {
        _root = Directory.CreateTempSubdirectory("hpc-confine-").FullName;
        _readOnly = Directory.CreateDirectory(Path.Combine(_root, "ro")).FullName;
        _readWrite = Directory.CreateDirectory(Path.Combine(_root, "rw dir ü")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_root, "outside")).FullName;
        string segments = Directory.CreateDirectory(Path.Combine(_root, "shm")).FullName;
        _segment = Path.Combine(segments, "hpc-job-segment");
        File.WriteAllText(Path.Combine(_readOnly, "in.txt"), "input");
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "secret");
        File.WriteAllText(_segment, "segment");
        _cpu = CpuAffinity.AllowedCpus()[^1];
        _abi = Landlock.AbiVersion();

        _run = ProbeRun.Start(
            "--cpus", _cpu.ToString(CultureInfo.InvariantCulture),
            "--ro", _readOnly,
            "--ro", "/nonexistent/hpc-confine",
            "--rw", _readWrite,
            "--rw", _segment,
            "--ppid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            "then",
            $"read:{Path.Combine(_readOnly, "in.txt")}",
            $"write:{Path.Combine(_readOnly, "out.txt")}",
            $"write:{Path.Combine(_readWrite, "out.txt")}",
            $"read:{Path.Combine(_readWrite, "out.txt")}",
            $"read:{Path.Combine(_outside, "secret.txt")}",
            $"write:{Path.Combine(_outside, "new.txt")}",
            $"write:{_segment}",
            $"write:{Path.Combine(segments, "other-segment")}",
            "list:/root",
            "list:/home",
            "list:/tmp",
            "list:/dev/shm",
            $"signal:{Environment.ProcessId}");
    }

    /// <summary>Removes the scratch directories.</summary>
    [OneTimeTearDown]
    public void RemoveScratch() => Directory.Delete(_root, recursive: true);

    /// <summary>The probe ran to the end: confinement did not fail and a missing granted path was skipped.</summary>
    [Test]
    public void Confined_Run_Succeeds()
    {
        Assert.That(_run.ExitCode, Is.EqualTo(0), _run.ToString());
    }

    /// <summary>Phase 2 sees the marker, and the outcome names Landlock unless the kernel has none.</summary>
    [Test]
    public void Confined_Marker_IsSet()
    {
        bool landlock = _abi > 0;
        Assert.That(_run.Fact("marker"), Is.EqualTo(landlock ? IsleConfinement.LandlockedMarker : IsleConfinement.NoLandlockMarker), _run.ToString());
        Assert.That(_run.Fact("outcome"), Is.EqualTo((landlock ? ConfinementOutcome.Landlocked : ConfinementOutcome.LandlockUnavailable).ToString()));
    }

    /// <summary>no_new_privs, the SIGKILL parent-death signal and the own process group survived the execve.</summary>
    [Test]
    public void Confined_Process_HasNoNewPrivsDeathSignalAndOwnGroup()
    {
        Assert.That(_run.Fact("nonewprivs"), Is.EqualTo("1"), _run.ToString());
        Assert.That(_run.Fact("pdeathsig"), Is.EqualTo("9"));
        Assert.That(_run.Fact("pgid-is-pid"), Is.EqualTo("True"));
    }

    /// <summary>Every thread, the runtime's own included, is allowed exactly the requested cpu.</summary>
    [Test]
    public void Confined_EveryThread_HasExactlyTheRequestedCpus()
    {
        string expected = _cpu.ToString(CultureInfo.InvariantCulture);
        Assert.That(_run.Threads, Has.Count.GreaterThanOrEqualTo(3), _run.ToString());
        Assert.That(_run.Threads.Select(t => t.Cpus), Is.All.EqualTo(expected), _run.ToString());
        Assert.That(_run.Fact("processors"), Is.EqualTo("1"), "the runtime should see one processor");
    }

    /// <summary>A file in the read-write root can be written and read back.</summary>
    [Test]
    public void Confined_FileInReadWriteRoot_CanBeWrittenAndRead()
    {
        Assert.That(_run.Action("write", Path.Combine(_readWrite, "out.txt")), Is.EqualTo("ok"), _run.ToString());
        Assert.That(_run.Action("read", Path.Combine(_readWrite, "out.txt")), Is.EqualTo("ok"));
    }

    /// <summary>A file in the read-only root can be read, but nothing can be written there.</summary>
    [Test]
    public void Confined_ReadOnlyRoot_ReadableNotWritable()
    {
        RequireLandlock();
        Assert.That(_run.Action("read", Path.Combine(_readOnly, "in.txt")), Is.EqualTo("ok"), _run.ToString());
        Assert.That(_run.Action("write", Path.Combine(_readOnly, "out.txt")), Is.EqualTo("denied"));
        Assert.That(File.Exists(Path.Combine(_readOnly, "out.txt")), Is.False);
    }

    /// <summary>Paths outside the granted roots are neither readable nor writable: a sibling temp dir, /root, /home, /tmp, /dev/shm.</summary>
    [Test]
    public void Confined_PathsOutsideRoots_AreDenied()
    {
        RequireLandlock();
        Assert.That(_run.Action("read", Path.Combine(_outside, "secret.txt")), Is.EqualTo("denied"), _run.ToString());
        Assert.That(_run.Action("write", Path.Combine(_outside, "new.txt")), Is.EqualTo("denied"));
        Assert.That(_run.Action("list", "/root"), Is.EqualTo("denied"));
        Assert.That(_run.Action("list", "/home"), Is.AnyOf("denied", "missing"));
        Assert.That(_run.Action("list", "/tmp"), Is.EqualTo("denied"));
        Assert.That(_run.Action("list", "/dev/shm"), Is.EqualTo("denied"));
    }

    /// <summary>A single granted file (the segment) is writable; its sibling in the same directory is not.</summary>
    [Test]
    public void Confined_ReadWriteFileRule_GrantsThatFileOnly()
    {
        RequireLandlock();
        Assert.That(_run.Action("write", _segment), Is.EqualTo("ok"), _run.ToString());
        Assert.That(_run.Action("write", Path.Combine(Path.GetDirectoryName(_segment)!, "other-segment")), Is.EqualTo("denied"));
    }

    /// <summary>From ABI 6 the isle cannot signal processes outside its domain, such as the proxy (here the test host).</summary>
    [Test]
    public void Confined_SignalToParent_IsDeniedFromAbi6()
    {
        if (_abi < 6)
        {
            Assert.Ignore($"Landlock ABI {_abi} has no signal scope.");
        }

        Assert.That(_run.Action("signal", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)), Is.EqualTo("denied errno 1"), _run.ToString());
    }

    /// <summary>The re-exec keeps the signal mask and ignored signals of a plain start (nothing blocked leaks across).</summary>
    [Test]
    public void Confined_SignalDispositions_MatchUnconfinedRun()
    {
        ProbeRun plain = ProbeRun.Start("--unconfined", "then");

        Assert.That(plain.Fact("marker"), Is.EqualTo("-"), plain.ToString());
        Assert.That(_run.Fact("sigblk"), Is.EqualTo(plain.Fact("sigblk")));
        Assert.That(_run.Fact("sigign"), Is.EqualTo(plain.Fact("sigign")));
    }

    /// <summary>If the parent is not the expected pid, phase 1 stops with a message naming both pids.</summary>
    [Test]
    public void ConfineAndReExec_WrongParentPid_ExitsNonZeroWithMessage()
    {
        ProbeRun run = ProbeRun.Start("--cpus", "0", "--ppid", "1", "then", "list:/");

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Error, Does.Contain($"parent is pid {Environment.ProcessId}").And.Contain("expected 1"));
        Assert.That(run.Lines, Is.Empty);
    }

    /// <summary>When the parent dies, the confined isle is killed (PR_SET_PDEATHSIG survives the execve).</summary>
    [Test]
    public void Confined_ParentDies_ProbeIsKilled()
    {
        // sh starts the probe in the background with sh's own pid as expected parent, then waits for a line on stdin.
        const string Script = "host=$1; shift; \"$host\" \"$@\" --ppid $$ then hold:parent & read line";
        using Process shell = new() { StartInfo = ProbeRun.StartInfo("/bin/sh", ["-c", Script, "sh", ProbeRun.DotnetHost, ProbeRun.ProbeDll, "--cpus", "0"]) };
        shell.Start();
        List<string> lines = [];
        string? line;
        while ((line = shell.StandardOutput.ReadLine()) is not null && !line.StartsWith("hold parent holding", StringComparison.Ordinal))
        {
            lines.Add(line);
        }

        if (line is null)
        {
            // Only now is stderr safe to drain: the probe has ended and closed its end.
            Assert.Fail($"the probe ended before holding: {string.Join('\n', lines)} {shell.StandardError.ReadToEnd()}");
        }

        int probe = int.Parse(lines.Single(l => l.StartsWith("pid ", StringComparison.Ordinal))[4..], CultureInfo.InvariantCulture);
        using PidFd watch = PidFd.Open(probe);

        // sh reads EOF on its stdin and exits; the kernel should then SIGKILL the probe.
        shell.StandardInput.Close();
        bool ended = watch.WaitForExit(ProbeRun.Limit);
        if (!ended)
        {
            Process.GetProcessById(probe).Kill();
        }

        Assert.That(ended, Is.True, "the probe outlived its parent");
        shell.WaitForExit();
    }

    /// <summary>Skips a test that needs Landlock to deny something.</summary>
    private void RequireLandlock()
    {
        if (_abi == 0)
        {
            Assert.Ignore("Landlock is not available in this kernel: files are not confined here.");
        }
    }
}
