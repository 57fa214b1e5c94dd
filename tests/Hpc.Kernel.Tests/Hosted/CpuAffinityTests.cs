using Hpc.Hosted;
using NUnit.Framework;

namespace Hpc.Kernel.Tests.Hosted;

/// <summary>Cpu masks, each test on its own short-lived thread so the test host's threads keep their masks.</summary>
[TestFixture]
public sealed class CpuAffinityTests
{
    /// <summary>The cpu a thread runs on is one it is allowed on.</summary>
    [Test]
    public void AllowedCpus_OfCallingThread_ContainsCurrentCpu()
    {
        (int[] allowed, int current) = OnOwnThread(() => (CpuAffinity.AllowedCpus(), CpuAffinity.CurrentCpu()));

        Assert.That(allowed, Is.Not.Empty.And.Ordered.And.Unique);
        Assert.That(allowed, Does.Contain(current));
    }

    /// <summary>Pinning to one cpu leaves exactly that cpu, and the thread runs there.</summary>
    [Test]
    public void PinCurrentThread_LastAllowedCpu_RunsOnlyThere()
    {
        int target = CpuAffinity.AllowedCpus()[^1];

        (int[] allowed, int current) = OnOwnThread(() =>
        {
            CpuAffinity.PinCurrentThread(target);
            return (CpuAffinity.AllowedCpus(), CpuAffinity.CurrentCpu());
        });

        Assert.That(allowed, Is.EqualTo(new[] { target }));
        Assert.That(current, Is.EqualTo(target));
    }

    /// <summary>
    /// A thread the .NET runtime creates does not keep its creator's mask: the runtime resets it to the main thread's.
    /// This is why the isle pins before the <c>execve</c>, where the pinned thread becomes the new main thread.
    /// </summary>
    [Test]
    public void PinCurrentThread_ThenNewRuntimeThread_GetsMainThreadMask()
    {
        int[] mainThread = CpusAllowed(File.ReadLines("/proc/self/status"));
        if (mainThread.Length < 2)
        {
            Assert.Ignore("The test host's main thread has a single cpu; the reset cannot be told from inheritance.");
        }

        int[] childAllowed = OnOwnThread(() =>
        {
            CpuAffinity.PinCurrentThread(mainThread[0]);
            return OnOwnThread(CpuAffinity.AllowedCpus);
        });

        Assert.That(childAllowed, Is.EqualTo(mainThread));
    }

    /// <summary>An empty cpu list is refused before any system call.</summary>
    [Test]
    public void SetProcessMask_Empty_ThrowsArgumentException()
    {
        Assert.That(() => CpuAffinity.SetProcessMask([]), Throws.ArgumentException);
    }

    /// <summary>A negative cpu is refused before any system call.</summary>
    [Test]
    public void SetProcessMask_NegativeCpu_ThrowsArgumentOutOfRange()
    {
        Assert.That(() => CpuAffinity.SetProcessMask([-1]), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    /// <summary>A cpu the machine does not have is refused by the kernel, and the message names the call and errno.</summary>
    [Test]
    public void SetProcessMask_CpuNotOnline_ThrowsNamingCallAndErrno()
    {
        Exception? error = OnOwnThread<Exception?>(() =>
        {
            try
            {
                CpuAffinity.SetProcessMask([4000]);
                return null;
            }
            catch (ConfinementException e)
            {
                return e;
            }
        });

        Assert.That(error, Is.Not.Null);
        Assert.That(error!.Message, Does.Contain("sched_setaffinity").And.Contain("EINVAL"));
    }

    /// <summary>The cpus of a <c>Cpus_allowed_list</c> line such as <c>0-2,5</c>.</summary>
    private static int[] CpusAllowed(IEnumerable<string> statusLines)
    {
        string list = statusLines.Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))["Cpus_allowed_list:".Length..].Trim();
        return
        [
            .. list.Split(',').SelectMany(range =>
            {
                string[] ends = range.Split('-');
                int first = int.Parse(ends[0], System.Globalization.CultureInfo.InvariantCulture);
                int last = int.Parse(ends[^1], System.Globalization.CultureInfo.InvariantCulture);
                return Enumerable.Range(first, last - first + 1);
            }),
        ];
    }

    /// <summary>Runs <paramref name="work"/> on a new thread and returns its result (rethrowing its exception).</summary>
    private static T OnOwnThread<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        Thread thread = new(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException("The worker thread failed.", failure);
        }

        return result;
    }
}
