namespace Hpc.Metal.Tests;

/// <summary>Boot, serial console, exit status, cpus and the deadline sleep of the self-test image.</summary>
[TestFixture]
public sealed class BootTests
{
    /// <summary>A plain boot prints the greeting on the serial port and exits with status 0.</summary>
    [Test]
    public void Boot_NoArguments_GreetsOnSerialAndExitsZero()
    {
        (int status, string serial) = Qemu.Boot("");
        Assert.Multiple(() =>
        {
            Assert.That(serial, Does.Contain("hello from the metal isle (cpus: 2,"));
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(0), serial);
        });
    }

    /// <summary>The job's status reaches QEMU's exit status.</summary>
    [TestCase(1)]
    [TestCase(3)]
    [TestCase(42)]
    public void Boot_ExitArgument_StatusReachesQemu(int exitStatus)
    {
        (int status, string serial) = Qemu.Boot($"exit={exitStatus}");
        Assert.That(Qemu.JobStatus(status), Is.EqualTo(exitStatus), serial);
    }

    /// <summary>Every vCPU the MADT lists comes up (INIT-SIPI-SIPI) and runs C#.</summary>
    [TestCase(2)]
    [TestCase(4)]
    public void Smp_Vcpus_AllComeOnline(int vcpus)
    {
        (int status, string serial) = Qemu.Boot("smp", vcpus);
        Assert.Multiple(() =>
        {
            Assert.That(serial, Does.Contain($"cpus online: {vcpus} of {vcpus}"));
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(0), serial);
        });
    }

    /// <summary>A sleep arms a one-shot deadline and the cpu is woken by its interrupt.</summary>
    [Test]
    public void Sleep_Deadline_WokenByTimerInterrupt()
    {
        (int status, string serial) = Qemu.Boot("sleep=20");
        Assert.Multiple(() =>
        {
            Assert.That(serial, Does.Contain("slept: deadline interrupts taken"));
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(0), serial);
        });
    }
}
