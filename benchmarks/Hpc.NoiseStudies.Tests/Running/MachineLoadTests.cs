using Hpc.NoiseStudies.Running;

namespace Hpc.NoiseStudies.Tests.Running;

/// <summary>The busy-machine warning: load average against the cpu count.</summary>
[TestFixture]
internal sealed class MachineLoadTests
{
    [Test]
    public void Parse_LoadavgLine_FirstField() =>
        Assert.That(MachineLoad.Parse("12.20 14.84 11.20 3/467 12345\n"), Is.EqualTo(12.2));

    [Test]
    public void BusyWarning_LoadAboveCpus_SaysLoadAndCpus() =>
        Assert.That(MachineLoad.BusyWarning(5, 2), Does.Contain("busy").And.Contains("load average 5.00 on 2 cpus"));

    [TestCase(1.5)]
    [TestCase(2.0)]
    public void BusyWarning_LoadWithinCpus_None(double load) =>
        Assert.That(MachineLoad.BusyWarning(load, 2), Is.Null);

    [Test]
    public void OneMinute_ThisMachine_ReadsANumber() =>
        Assert.That(MachineLoad.OneMinute(), Is.Not.Null.And.GreaterThanOrEqualTo(0));
}
