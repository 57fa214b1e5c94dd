using System.Globalization;
using Hpc.Hosted;
using NUnit.Framework;

namespace Hpc.Kernel.Tests.Hosted;

/// <summary>The in-process parts of isle confinement: the marker, the rule list, validation before any system call.</summary>
[TestFixture]
[NonParallelizable]
public sealed class IsleConfinementTests
{
    /// <summary>Clears the marker variables the tests set.</summary>
    [TearDown]
    public void ClearMarker()
    {
        Environment.SetEnvironmentVariable(IsleConfinement.MarkerVariable, null);
        Environment.SetEnvironmentVariable(IsleConfinement.MarkerPidVariable, null);
    }

    /// <summary>The test host was not confined.</summary>
    [Test]
    public void Current_NoMarker_IsUnconfined()
    {
        Assert.That(IsleConfinement.Current, Is.EqualTo(ConfinementOutcome.Unconfined));
        Assert.That(IsleConfinement.IsConfined, Is.False);
    }

    /// <summary>The marker with this pid reads back as the outcome it names.</summary>
    [TestCase(IsleConfinement.LandlockedMarker, nameof(ConfinementOutcome.Landlocked))]
    [TestCase(IsleConfinement.NoLandlockMarker, nameof(ConfinementOutcome.LandlockUnavailable))]
    [TestCase("garbage", nameof(ConfinementOutcome.Unconfined))]
    public void Current_MarkerWithOwnPid_IsTheMarkedOutcome(string marker, string expected)
    {
        SetMarker(marker, Environment.ProcessId);

        Assert.That(IsleConfinement.Current.ToString(), Is.EqualTo(expected));
    }

    /// <summary>A marker inherited from another confined process (a child of an isle, a nested run) does not count.</summary>
    [Test]
    public void Current_MarkerOfAnotherPid_IsUnconfined()
    {
        SetMarker(IsleConfinement.LandlockedMarker, Environment.ProcessId + 1);

        Assert.That(IsleConfinement.IsConfined, Is.False);
    }

    /// <summary>In phase 2 the call returns the marked outcome without touching the process.</summary>
    [Test]
    public void ConfineAndReExec_AlreadyConfined_ReturnsOutcome()
    {
        SetMarker(IsleConfinement.LandlockedMarker, Environment.ProcessId);

        ConfinementOutcome outcome = IsleConfinement.ConfineAndReExec(new IsleConfinementSpec { Cpus = [0] });

        Assert.That(outcome, Is.EqualTo(ConfinementOutcome.Landlocked));
    }

    /// <summary>An isle without cpus is refused before any system call.</summary>
    [Test]
    public void ConfineAndReExec_NoCpus_ThrowsArgumentException()
    {
        Assert.That(() => IsleConfinement.ConfineAndReExec(new IsleConfinementSpec { Cpus = [] }), Throws.ArgumentException);
    }

    /// <summary>A negative cpu, an empty path or a non-positive parent pid is refused before anything changes.</summary>
    [Test]
    public void ConfineAndReExec_InvalidSpec_ThrowsArgumentException()
    {
        Assert.That(() => IsleConfinement.ConfineAndReExec(new IsleConfinementSpec { Cpus = [0, -1] }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => IsleConfinement.ConfineAndReExec(new IsleConfinementSpec { Cpus = [0], ReadWritePaths = [""] }), Throws.ArgumentException);
        Assert.That(() => IsleConfinement.ConfineAndReExec(new IsleConfinementSpec { Cpus = [0], ExpectedParentPid = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(File.ReadAllText("/proc/thread-self/status"), Does.Contain("NoNewPrivs:\t0"), "the calling thread must be untouched");
    }

    /// <summary>The dotnet root is the installation running us: it holds the host and the shared framework.</summary>
    [Test]
    public void DotnetRoot_OfThisRuntime_HoldsHostAndSharedFramework()
    {
        string root = IsleConfinement.DotnetRoot();

        Assert.That(File.Exists(Path.Combine(root, "dotnet")), Is.True, root);
        Assert.That(Directory.Exists(Path.Combine(root, "shared", "Microsoft.NETCore.App")), Is.True, root);
    }

    /// <summary>The rules are the runtime's, then the spec's read-only paths, then its read-write paths.</summary>
    [Test]
    public void Rules_OfSpec_AppendsSpecPathsAfterRuntimeRules()
    {
        IsleConfinementSpec spec = new() { Cpus = [0], ReadOnlyPaths = ["/data/in"], ReadWritePaths = ["/dev/shm/hpc-job-1"] };

        List<LandlockRule> rules = IsleConfinement.Rules(spec);

        IReadOnlyList<LandlockRule> runtime = IsleConfinement.RuntimeRules();
        Assert.That(rules.Take(runtime.Count), Is.EqualTo(runtime));
        Assert.That(rules.Skip(runtime.Count), Is.EqualTo(new[]
        {
            new LandlockRule("/data/in", LandlockAccess.ReadOnly),
            new LandlockRule("/dev/shm/hpc-job-1", LandlockAccess.ReadWrite),
        }));
    }

    /// <summary>The runtime may read its installation and the app, but /dev/shm, /tmp and /etc are not granted wholesale.</summary>
    [Test]
    public void RuntimeRules_GrantRuntimeButNotSharedDirectories()
    {
        IReadOnlyList<LandlockRule> rules = IsleConfinement.RuntimeRules();

        Assert.That(rules, Does.Contain(new LandlockRule(IsleConfinement.DotnetRoot(), LandlockAccess.ReadOnly)));
        Assert.That(rules, Does.Contain(new LandlockRule(AppContext.BaseDirectory, LandlockAccess.ReadOnly)));
        Assert.That(rules.Select(r => r.Path), Has.None.EqualTo("/dev/shm").And.None.EqualTo("/tmp").And.None.EqualTo("/etc").And.None.EqualTo("/"));
        Assert.That(rules.Where(r => r.Access == LandlockAccess.ReadWrite).Select(r => r.Path), Is.EqualTo(new[] { "/dev/null" }));
    }

    /// <summary>Sets the marker and its pid.</summary>
    private static void SetMarker(string marker, int pid)
    {
        Environment.SetEnvironmentVariable(IsleConfinement.MarkerVariable, marker);
        Environment.SetEnvironmentVariable(IsleConfinement.MarkerPidVariable, pid.ToString(CultureInfo.InvariantCulture));
    }
}
