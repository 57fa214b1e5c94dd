using Hpc.Hosted;
using NUnit.Framework;

namespace Hpc.Kernel.Tests.Hosted;

/// <summary>Landlock ABI probing and the rights masks per ABI (values from include/uapi/linux/landlock.h).</summary>
[TestFixture]
public sealed class LandlockTests
{
    /// <summary>This kernel (6.18) has Landlock; the isle confinement depends on it.</summary>
    [Test]
    public void AbiVersion_OnThisKernel_IsAtLeastOne()
    {
        int abi = Landlock.AbiVersion();
        if (abi == 0)
        {
            Assert.Ignore("Landlock is not available in this kernel (missing or disabled at boot); isles run unconfined here.");
        }

        Assert.That(abi, Is.GreaterThanOrEqualTo(1));
    }

    /// <summary>Each ABI adds its filesystem rights: 2 refer, 3 truncate, 5 ioctl_dev; 4, 6 and 7 add none.</summary>
    [TestCase(1, 0x1FFFUL)]
    [TestCase(2, 0x3FFFUL)]
    [TestCase(3, 0x7FFFUL)]
    [TestCase(4, 0x7FFFUL)]
    [TestCase(5, 0xFFFFUL)]
    [TestCase(6, 0xFFFFUL)]
    [TestCase(7, 0xFFFFUL)]
    public void HandledRights_PerAbi_MatchesKernelBits(int abi, ulong expected)
    {
        Assert.That((ulong)Landlock.HandledRights(abi), Is.EqualTo(expected));
    }

    /// <summary>ABI 0 means no Landlock: asking for its rights is a caller bug.</summary>
    [Test]
    public void HandledRights_AbiZero_Throws()
    {
        Assert.That(() => Landlock.HandledRights(0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    /// <summary>Scopes exist from ABI 6: abstract UNIX sockets (bit 0) and signals (bit 1).</summary>
    [TestCase(5, 0UL)]
    [TestCase(6, 3UL)]
    [TestCase(7, 3UL)]
    public void Scopes_PerAbi_MatchesKernelBits(int abi, ulong expected)
    {
        Assert.That((ulong)Landlock.Scopes(abi), Is.EqualTo(expected));
    }

    /// <summary>Read-only is execute (bit 0), read file (bit 2) and read dir (bit 3); on a file read dir is dropped.</summary>
    [TestCase(true, 0b1101UL)]
    [TestCase(false, 0b0101UL)]
    public void RightsFor_ReadOnly_IsExecuteReadFileReadDir(bool isDirectory, ulong expected)
    {
        Assert.That((ulong)Landlock.RightsFor(LandlockAccess.ReadOnly, isDirectory, abi: 7), Is.EqualTo(expected));
    }

    /// <summary>Read-write on a directory is everything the ABI handles.</summary>
    [TestCase(1)]
    [TestCase(3)]
    [TestCase(7)]
    public void RightsFor_ReadWriteDirectory_IsAllHandled(int abi)
    {
        Assert.That(Landlock.RightsFor(LandlockAccess.ReadWrite, isDirectory: true, abi), Is.EqualTo(Landlock.HandledRights(abi)));
    }

    /// <summary>Read-write on a file keeps only file rights: execute, write, read, truncate (3), ioctl_dev (5).</summary>
    [TestCase(1, 0b111UL)]
    [TestCase(3, 0x4007UL)]
    [TestCase(5, 0xC007UL)]
    public void RightsFor_ReadWriteFile_KeepsOnlyFileRights(int abi, ulong expected)
    {
        Assert.That((ulong)Landlock.RightsFor(LandlockAccess.ReadWrite, isDirectory: false, abi), Is.EqualTo(expected));
    }
}
