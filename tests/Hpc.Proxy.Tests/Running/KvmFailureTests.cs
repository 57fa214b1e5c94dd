using Hpc.Proxy.Running.Metal;

namespace Hpc.Proxy.Tests.Running;

/// <summary>QEMU's lines that mean KVM cannot run a plain guest (seen on this project's machines) and lines that do not.</summary>
[TestFixture]
public sealed class KvmFailureTests
{
    [TestCase("KVM internal error. Suberror: 1")]
    [TestCase("emulation failure")]
    [TestCase("qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69")]
    [TestCase("qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3183: kvm_buf_set_msrs: Assertion `ret == cpu->kvm_msr_buf->nmsrs' failed.")]
    [TestCase("Could not access KVM kernel module: Permission denied")]
    public void IsFatal_QemuSaysKvmCannotRunTheGuest_True(string line) => Assert.That(KvmFailure.IsFatal(line), Is.True);

    [TestCase("pi = 3.14159265358979")]
    [TestCase("hpc-metal: isle 0 up, 2 vcpus")]
    [TestCase("qemu-system-x86_64: warning: host doesn't support requested feature: CPUID.01H:ECX.pni [bit 0]")]
    public void IsFatal_OtherLines_False(string line) => Assert.That(KvmFailure.IsFatal(line), Is.False);

    [Test]
    public void Message_NamesTheIsleQemuAndTheWayOut()
    {
        string message = KvmFailure.Message(3, "KVM internal error. Suberror: 1");
        Assert.That(message, Does.StartWith("isle 3: KVM cannot run this guest").And.Contain("(QEMU: KVM internal error. Suberror: 1)").And.EndWith("--target qemu runs the same image under TCG"));
    }
}
