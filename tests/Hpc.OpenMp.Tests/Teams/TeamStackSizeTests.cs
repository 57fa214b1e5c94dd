using System.Runtime.InteropServices;

using Hpc.OpenMp.Regions;
using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp.Tests.Teams;

/// <summary>OMP_STACKSIZE reaches the member threads: their stacks, as glibc reports them, have the size asked for.</summary>
[TestFixture]
public sealed unsafe partial class TeamStackSizeTests
{
    /// <summary>
    /// Team with a stack size: every member's stack is at least that big. Sizes above the default (8 MiB, ulimit -s)
    /// tell the setting from the default; glibc may hand out a bigger cached stack of an exited thread, hence "at least".
    /// </summary>
    [TestCase(16 << 20)]
    [TestCase(40 << 20)]
    public void Team_StackSize_MembersHaveIt(int bytes)
    {
        var team = new Team([], ProcBind.False, WaitPolicy.Passive, bindPrimary: false, cpuCount: Environment.ProcessorCount, stackSize: bytes);
        try
        {
            long[] sizes = new long[3];
            var work = new RegionWork { Body = () => sizes[CurrentTeamThread.Value!.Num] = CurrentStackSize() };
            Assert.That(team.TryAcquire(), Is.True);
            try
            {
                team.Run(3, work, null);
            }
            finally
            {
                team.Release();
            }

            Assert.That(sizes[1..], Has.All.GreaterThanOrEqualTo((long)bytes));
        }
        finally
        {
            team.Stop();
        }
    }

    /// <summary>The calling thread's stack size from pthread_getattr_np.</summary>
    private static long CurrentStackSize()
    {
        // pthread_attr_t is 56 bytes on x86-64 glibc; 128 leaves room on other targets.
        byte* attributes = stackalloc byte[128];
        Assert.That(PthreadGetattrNp(PthreadSelf(), attributes), Is.Zero);
        try
        {
            Assert.That(PthreadAttrGetstacksize(attributes, out nuint size), Is.Zero);
            return (long)size;
        }
        finally
        {
            _ = PthreadAttrDestroy(attributes);
        }
    }

    /// <summary>pthread_self(3).</summary>
    [LibraryImport("libc", EntryPoint = "pthread_self")]
    private static partial nuint PthreadSelf();

    /// <summary>pthread_getattr_np(3): the attributes of a running thread, its actual stack included.</summary>
    [LibraryImport("libc", EntryPoint = "pthread_getattr_np")]
    private static partial int PthreadGetattrNp(nuint thread, byte* attributes);

    /// <summary>pthread_attr_getstacksize(3).</summary>
    [LibraryImport("libc", EntryPoint = "pthread_attr_getstacksize")]
    private static partial int PthreadAttrGetstacksize(byte* attributes, out nuint size);

    /// <summary>pthread_attr_destroy(3).</summary>
    [LibraryImport("libc", EntryPoint = "pthread_attr_destroy")]
    private static partial int PthreadAttrDestroy(byte* attributes);
}
