namespace Hpc.Metal.Tests;

/// <summary>
/// The kernel's Linux personality: the self-test image booted with a static-PIE Linux program as its module
/// (QEMU -initrd) loads it, serves its system calls and ends with its exit status.
/// </summary>
[TestFixture]
public sealed class LinuxProgramTests
{
    /// <summary>tests/jobs/LinuxHello/hello.c, built by this project with gcc -static-pie.</summary>
    private static string HelloProgram => Built("linux-hello");

    /// <summary>The same program linked dynamically (gcc -pie).</summary>
    private static string DynamicHelloProgram => Built("linux-hello-dynamic");

    /// <summary>A program this project built into its output folder.</summary>
    private static string Built(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built (the test project builds it with gcc)");
    }

    /// <summary>
    /// glibc's startup (static-PIE self-relocation, TLS through the FS base, brk), malloc from brk and mmap, a
    /// __thread variable, getpid, clock_gettime (monotonic, and wall time from the CMOS clock), signal actions and
    /// masks and stdout all work, `syscall` keeps every register but RAX, RCX and R11 (which hold the result, the
    /// return address and the flags), and the program's status is the VM's.
    /// </summary>
    [Test]
    public void StaticPie_Hello_PrintsAndReturnsItsStatus()
    {
        (int status, string serial) = Qemu.Boot("-- one two", vcpus: 1, initrd: HelloProgram);
        Assert.Multiple(() =>
        {
            Assert.That(serial, Does.Contain("hello from a static PIE, argc=3\n"), serial);
            Assert.That(serial, Does.Contain("argv[1]=one\nargv[2]=two\n"), serial);
            Assert.That(serial, Does.Contain("heap ok, mmap ok yes\n"), serial);
            Assert.That(serial, Does.Contain("tls 42\n"), serial);
            Assert.That(serial, Does.Contain("pid 1\n"), serial);
            Assert.That(serial, Does.Contain("clock advances\n"), serial);
            System.Text.RegularExpressions.Match wall = System.Text.RegularExpressions.Regex.Match(serial, @"realtime (\d+)\n");
            Assert.That(wall.Success, serial);
            Assert.That(long.Parse(wall.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(120), "CLOCK_REALTIME is the host's UTC time (QEMU's CMOS clock)");
            Assert.That(serial, Does.Contain("signals kept\n"), serial);
            Assert.That(serial, Does.Contain("main stack found\n"), "pthread_getattr_np reads the kernel's /proc/self/maps\n" + serial);
            Assert.That(serial, Does.Contain("registers preserved\n"), serial);
            Assert.That(serial, Does.Not.Contain("unsupported system call"), serial);
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(3), serial);
        });
    }

    /// <summary>
    /// pthreads on the kernel's threads: clone creates them on the isle's vCPUs with their own stack, TLS and id,
    /// a contended mutex and a condition variable go through futex wait and wake (across vCPUs with 2), nanosleep
    /// blocks for at least its time, join returns after the clear-child-tid wake, and the counter is exact.
    /// </summary>
    [TestCase(1)]
    [TestCase(2)]
    public void StaticPie_FourThreads_CountExactlyAndJoin(int vcpus)
    {
        (int status, string serial) = Qemu.Boot("-- threads", vcpus: vcpus, initrd: HelloProgram);
        Assert.Multiple(() =>
        {
            Assert.That(serial, Does.Contain($"threads: {vcpus} cpus\n"), serial);
            Assert.That(serial, Does.Contain("threads: counter 80000, tids distinct, tls own, slept enough\n"), serial);
            Assert.That(serial, Does.Not.Contain("unsupported system call"), serial);
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(3), serial);
        });
    }

    /// <summary>
    /// The GC's way with memory on real page tables: a 64 GiB PROT_NONE reservation in a 128 MiB VM, mprotect
    /// committing part of it, madvise(DONTNEED) zeroing, MAP_FIXED, munmap; 1 GiB mapped, touched and unmapped in
    /// turns proves frames go back (TLB shootdown across 2 vCPUs included).
    /// </summary>
    [Test]
    public void StaticPie_ReserveCommitDiscardUnmap_BehavesAsLinux()
    {
        (int status, string serial) = Qemu.Boot("-- memory", vcpus: 2, initrd: HelloProgram);
        Assert.Multiple(() =>
        {
            Assert.That(serial, Does.Contain("memory: reserve ok, commit ok, dontneed zeroes, fixed ok, unmap ok, reuse ok\n"), serial);
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(3), serial);
        });
    }

    /// <summary>A read of a reserved page faults (no frame appears for it): the panic names the address the program printed.</summary>
    [Test]
    public void StaticPie_ReadOfReservedPage_PanicNamesTheAddress()
    {
        (int status, string serial) = Qemu.Boot("-- guard", vcpus: 1, initrd: HelloProgram);
        System.Text.RegularExpressions.Match guard = System.Text.RegularExpressions.Regex.Match(serial, @"guard at 0x([0-9a-f]+)\n");
        Assert.Multiple(() =>
        {
            Assert.That(guard.Success, serial);
            Assert.That(serial, Does.Contain($"panic: the program's segmentation fault: page fault at 0x{guard.Groups[1].Value} (error 0)"), serial);
            Assert.That(serial, Does.Not.Contain("read "), serial);
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(-1), serial);
        });
    }

    /// <summary>
    /// A system call no kernel has returns -ENOSYS every time and is named once; the kernel's message (formatting
    /// numbers uses SSE registers in the kernel) leaves the program's SSE registers as they were.
    /// </summary>
    [Test]
    public void UnknownSystemCall_CalledTwice_NamedOnceAndReturnsEnosys()
    {
        (int status, string serial) = Qemu.Boot("-- unknown", vcpus: 1, initrd: HelloProgram);
        Assert.Multiple(() =>
        {
            Assert.That(serial.Split('\n').Count(line => line == "hpc: unsupported system call 999: -ENOSYS"), Is.EqualTo(1), serial);
            Assert.That(serial.Split('\n').Count(line => line == "syscall(999) = -1 errno 38"), Is.EqualTo(2), serial);
            Assert.That(serial.Split('\n').Count(line => line == "registers preserved"), Is.EqualTo(2), serial);
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(3), serial);
        });
    }

    /// <summary>A fault in the program is a panic naming the address and where in the program it happened.</summary>
    [Test]
    public void Program_StoreToPageZero_PanicNamesAddressAndProgramOffset()
    {
        (int status, string serial) = Qemu.Boot("-- crash", vcpus: 1, initrd: HelloProgram);
        Assert.Multiple(() =>
        {
            Assert.That(serial, Does.Contain("registers preserved\n"), serial);
            Assert.That(serial, Does.Match(@"panic: the program's segmentation fault: page fault at 0x2 \(error \d+\) at 0x[0-9a-f]+ \(program\+0x[0-9a-f]+\) on cpu 0"), serial);
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(-1), serial);
        });
    }

    /// <summary>A dynamically linked program is refused with a panic that says how to link it.</summary>
    [Test]
    public void Module_DynamicallyLinked_PanicsAskingForStaticPie()
    {
        (int status, string serial) = Qemu.Boot("", vcpus: 1, initrd: DynamicHelloProgram);
        Assert.Multiple(() =>
        {
            Assert.That(serial, Does.Contain("panic: the boot module is not a program this kernel runs: dynamically linked (it names an interpreter); link it as a static PIE (gcc -static-pie)"), serial);
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(-1), serial);
        });
    }

    /// <summary>A module that is not a static PIE is refused with a panic that says why.</summary>
    [Test]
    public void Module_NotAnElf_PanicsNamingTheCause()
    {
        string bogus = Path.Combine(Path.GetTempPath(), $"hpc-not-elf-{Environment.ProcessId}");
        File.WriteAllText(bogus, "#!/bin/sh\necho not an executable\n");
        try
        {
            (int status, string serial) = Qemu.Boot("", vcpus: 1, initrd: bogus);
            Assert.Multiple(() =>
            {
                Assert.That(serial, Does.Contain("panic: the boot module is not a program this kernel runs: not an ELF file"), serial);
                Assert.That(Qemu.JobStatus(status), Is.EqualTo(-1), serial);
            });
        }
        finally
        {
            File.Delete(bogus);
        }
    }
}
