using Hpc.Proxy.Cluster;
using Hpc.Proxy.Doctor;

namespace Hpc.Proxy.Tests.Doctor;

/// <summary>hermit-run --doctor on file trees laid out like /proc and /sys: one isolated node, one not.</summary>
[TestFixture]
internal sealed class IsolationDoctorTests
{
    /// <summary>The fake root of this test.</summary>
    private string _root = "";

    [SetUp]
    public void CreateRoot()
    {
        _root = Path.Combine(Path.GetTempPath(), "hpc-doctor-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
    }

    [TearDown]
    public void DeleteRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Check_IsolatedNode_EveryCheckGood()
    {
        Write("proc/cmdline", "quiet isolcpus=managed_irq,domain,1-3 nohz_full=1-3 rcu_nocbs=1-3 irqaffinity=0");
        Write("sys/devices/system/cpu/isolated", "1-3");
        Write("sys/devices/system/cpu/nohz_full", "1-3");
        Write("proc/irq/24/smp_affinity_list", "0");
        Write("sys/kernel/mm/transparent_hugepage/enabled", "always madvise [never]");
        foreach (int cpu in new[] { 1, 2, 3 })
        {
            Write($"sys/devices/system/cpu/cpu{cpu}/cpufreq/scaling_governor", "performance");
        }

        var doctor = new IsolationDoctor(CpuSet.Parse("0-3"), _root);

        Assert.That(doctor.ComputeList, Is.EqualTo("1-3"));
        Assert.That(doctor.Check().Where(c => !c.Good).Select(c => c.Name), Is.Empty);
        Assert.That(doctor.Print(TextWriter.Null), Is.Zero);
    }

    [Test]
    public void Check_PlainNode_EachMissingPieceWithItsFix()
    {
        Write("proc/cmdline", "console=ttyS0 nohz_full=3 -- --init-arg");
        Write("proc/irq/24/smp_affinity_list", "0-3");
        Write("proc/irq/25/smp_affinity_list", "0");
        Write("sys/kernel/mm/transparent_hugepage/enabled", "[always] madvise never");
        Write("sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "powersave");

        IReadOnlyList<IsolationCheck> checks = new IsolationDoctor(CpuSet.Parse("0-3"), _root).Check();

        Assert.That(checks.Where(c => !c.Good).Select(c => c.Name), Is.EquivalentTo(new[] { "isolcpus", "nohz_full", "rcu_nocbs", "IRQs", "governor", "THP" }));
        Assert.That(checks.Single(c => c.Name == "IRQs").Found, Is.EqualTo("1 of 2 may run on compute cpus"));
        Assert.That(IsolationDoctor.FixedCommandLine(checks, File.ReadAllText(Path.Combine(_root, "proc/cmdline"))), Is.EqualTo(
            "console=ttyS0 isolcpus=managed_irq,domain,1-3 nohz_full=1-3 rcu_nocbs=1-3 irqaffinity=0 cpufreq.default_governor=performance transparent_hugepage=madvise -- --init-arg"));
    }

    [Test]
    public void Print_ThisMachine_ReportsEveryCheck()
    {
        var output = new StringWriter();

        _ = new IsolationDoctor(NodeTopology.Detect().UsableCpus).Print(output);

        foreach (string name in new[] { "isolcpus", "nohz_full", "rcu_nocbs", "IRQs", "governor", "THP" })
        {
            Assert.That(output.ToString(), Does.Contain(name));
        }
    }

    /// <summary>Writes a file under the fake root.</summary>
    private void Write(string relative, string text)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
