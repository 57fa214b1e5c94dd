using Hpc.Kernel.Metal.Boot;
using Hpc.Kernel.Metal.Linux.Elf;
using Hpc.Kernel.Metal.Linux.Files;
using Hpc.Kernel.Metal.Linux.Memory;
using Hpc.Kernel.Metal.Memory;
using Hpc.Kernel.Metal.Linux.Threads;
using Hpc.Kernel.Metal.Platform;
using Hpc.Kernel.Metal.Runtime;
using Hpc.Kernel.Metal.Scheduling;

namespace Hpc.Kernel.Metal.Linux;

/// <summary>
/// The Linux personality's entry: runs the boot module (QEMU <c>-initrd FILE</c>, which PVH hands over in
/// hvm_start_info's module list) as a Linux x86-64 static PIE. Single address space, one privilege level
/// (HermiTux-style): the program is copied into the isle's identity-mapped memory and entered at ring 0 on the
/// bootstrap cpu as its main thread (the other vCPUs wait for the threads it creates); its system calls come through `syscall` (<see cref="SyscallEntry"/>) and it ends with
/// exit_group, whose status ends the VM as a linked job's does.
/// </summary>
internal static unsafe class LinuxProgram
{
    /// <summary>argv[0] (the module has no name of its own: QEMU passes no module command line).</summary>
    private const string ProgramName = "job";

    /// <summary>Application processors ready for the program (system calls and interrupt stacks set up).</summary>
    private static int s_readyCpus;

    /// <summary>The program's load base (0 until one is loaded).</summary>
    public static ulong LoadBase { get; private set; }

    /// <summary>First byte after the program's highest segment.</summary>
    public static ulong LoadEnd { get; private set; }

    /// <summary>True when <paramref name="address"/> lies in the loaded program's segments.</summary>
    public static bool Contains(ulong address) => LoadBase != 0 && address >= LoadBase && address < LoadEnd;

    /// <summary>Loads the module at <paramref name="module"/> (<paramref name="size"/> bytes) and enters it; never returns.</summary>
    public static void Run(ulong module, ulong size)
    {
        if (!ElfImage.TryOpen((byte*)module, size, out ElfImage image, out string error))
        {
            Panic.Stop("the boot module is not a program this kernel runs: " + error, 0);
        }

        LoadedProgram program = ElfLoader.Load(image);
        LoadBase = program.Base;
        LoadEnd = program.End;
        ProgramBreak.Setup();
        ProgramAddressSpace.Setup();
        TlbShootdown.Setup();
        SyscallTable.Build();
        ThreadTable.Setup();
        SyscallEntry.InstallOnThisCpu();
        TaskStateSegment.InstallOnThisCpu();
        ThreadScheduler.Adopt(ThreadTable.Create(CpuLocal.CurrentIndex));
        Smp.HandOver(&StartApplicationProcessor);
        // The program runs with interrupts on: every cpu needs its interrupt stacks before a gate names them.
        while (System.Threading.Volatile.Read(ref s_readyCpus) < Smp.OnlineCount - 1)
        {
            Cpu.Pause();
        }

        TaskStateSegment.UseInterruptStacks();
        ulong stackTop = ProgramStack.Allocate();
        ulong rsp = InitialStack.Build(stackTop, Arguments(), Environment(), program);
        if (BootInfo.Argument("strace") is not null)
        {
            KernelConsole.WriteNotice("hpc: program of " + Number.Format(size) + " bytes loaded at 0x" + Number.FormatHex(program.Base) +
                ", entered " + Number.Format(Drivers.Clock.MicrosecondsSinceBoot) + " us after kernel entry");
        }

        Cpu.EnterProgram(program.Entry, rsp);
    }

    /// <summary>Each application processor's part: system calls on, then wait for the program's threads bound to it.</summary>
    private static void StartApplicationProcessor()
    {
        SyscallEntry.InstallOnThisCpu();
        TaskStateSegment.InstallOnThisCpu();
        System.Threading.Interlocked.Increment(ref s_readyCpus);
        ThreadScheduler.RunIdle();
    }

    /// <summary>
    /// envp: what the proxy passed (<see cref="ProgramEnvironment"/>) and, with a segment, the launchers' rank variables
    /// and <c>HPC_RANK_PROCESS=RANK,3</c> with descriptor 3 open on it — what a hosted isle gives the rank process it starts
    /// (kernel/Hpc.Kernel/Isles/RankProcessVariables.cs), so the job attaches to its rank the same way on both targets.
    /// Without a segment (QEMU run by hand) the program runs as a plain process: rank 0 of 1.
    /// </summary>
    private static ProgramEnvironment Environment()
    {
        ProgramEnvironment environment = ProgramEnvironment.FromProxy();
        if (ProxyChannel.IsAttached)
        {
            DescriptorTable.OpenSegment();
            string rank = Number.Format(ProxyChannel.Rank), size = Number.Format(ProxyChannel.RankCount);
            bool fits = environment.Set("HPC_RANK_PROCESS", rank + "," + Number.Format((long)SegmentFile.Descriptor));
            // The launchers' rank variables, as a hosted rank process gets them (kernel/Hpc.Isle/RankVariables.cs).
            fits &= environment.Set("PMI_RANK", rank) && environment.Set("PMI_SIZE", size);
            fits &= environment.Set("OMPI_COMM_WORLD_RANK", rank) && environment.Set("OMPI_COMM_WORLD_SIZE", size);
            fits &= environment.Set("SLURM_PROCID", rank) && environment.Set("SLURM_NTASKS", size);
            if (!fits)
            {
                Panic.Stop("the program's environment has no room for the rank's variables", 0);
            }
        }

        return environment;
    }

    /// <summary>argv: the program's name, then the words after " -- " on the kernel command line.</summary>
    private static string[] Arguments()
    {
        string[] words = BootInfo.JobArguments();
        string[] arguments = new string[words.Length + 1];
        arguments[0] = ProgramName;
        for (int i = 0; i < words.Length; i++)
        {
            arguments[i + 1] = words[i];
        }

        return arguments;
    }
}
