using System.Diagnostics;
using System.Runtime.InteropServices;
using Hpc.Proxy.Mpich;

namespace Hpc.Proxy.Tests.Mpich;

/// <summary>Descriptors left inheritable (as MPI_Init leaves them) stop reaching children once marked.</summary>
[TestFixture]
public sealed partial class InheritedDescriptorsTests
{
    /// <summary>A dup'ed descriptor (dup clears FD_CLOEXEC) reaches a child before marking and not after.</summary>
    [Test]
    public void MarkCloseOnExec_InheritableDescriptor_ChildNoLongerSeesIt()
    {
        using var file = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.DeleteOnClose);
        int inheritable = Dup((int)file.SafeFileHandle.DangerousGetHandle());
        Assert.That(inheritable, Is.GreaterThan(2), "dup failed");
        try
        {
            bool seenBefore = ChildSees(inheritable);
            Assert.That(InheritedDescriptors.IsCloseOnExec(inheritable), Is.False);

            InheritedDescriptors.MarkCloseOnExec();

            Assert.That(seenBefore, Is.True, "the child should inherit an unmarked descriptor");
            Assert.That(InheritedDescriptors.IsCloseOnExec(inheritable), Is.True);
            Assert.That(ChildSees(inheritable), Is.False);
        }
        finally
        {
            _ = Close(inheritable);
        }
    }

    /// <summary>True when a child shell has descriptor <paramref name="fd"/> open.</summary>
    private static bool ChildSees(int fd)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"test -e /proc/$$/fd/{fd} && echo open || echo closed");
        using Process child = Process.Start(start)!;
        string answer = child.StandardOutput.ReadToEnd().Trim();
        child.WaitForExit();
        return answer == "open";
    }

    /// <summary>dup(2).</summary>
    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);

    /// <summary>close(2).</summary>
    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
