namespace Hpc.Kernel.Metal.Linux;

/// <summary>Names of x86-64 Linux system calls a program may make here (arch/x86/entry/syscalls/syscall_64.tbl).</summary>
internal static class SyscallNames
{
    /// <summary>Number of read.</summary>
    public const int Read = 0;
    /// <summary>Number of write.</summary>
    public const int Write = 1;
    /// <summary>Number of close.</summary>
    public const int Close = 3;
    /// <summary>Number of fstat.</summary>
    public const int Fstat = 5;
    /// <summary>Number of mmap.</summary>
    public const int Mmap = 9;
    /// <summary>Number of mprotect.</summary>
    public const int Mprotect = 10;
    /// <summary>Number of munmap.</summary>
    public const int Munmap = 11;
    /// <summary>Number of brk.</summary>
    public const int Brk = 12;
    /// <summary>Number of rt_sigaction.</summary>
    public const int RtSigaction = 13;
    /// <summary>Number of rt_sigprocmask.</summary>
    public const int RtSigprocmask = 14;
    /// <summary>Number of open.</summary>
    public const int Open = 2;
    /// <summary>Number of access.</summary>
    public const int Access = 21;
    /// <summary>Number of ioctl.</summary>
    public const int Ioctl = 16;
    /// <summary>Number of writev.</summary>
    public const int Writev = 20;
    /// <summary>Number of sched_yield.</summary>
    public const int SchedYield = 24;
    /// <summary>Number of madvise.</summary>
    public const int Madvise = 28;
    /// <summary>Number of getpid.</summary>
    public const int GetPid = 39;
    /// <summary>Number of exit.</summary>
    public const int Exit = 60;
    /// <summary>Number of uname.</summary>
    public const int Uname = 63;
    /// <summary>Number of readlink.</summary>
    public const int Readlink = 89;
    /// <summary>Number of gettimeofday.</summary>
    public const int GetTimeOfDay = 96;
    /// <summary>Number of getrlimit.</summary>
    public const int GetRlimit = 97;
    /// <summary>Number of getuid.</summary>
    public const int GetUid = 102;
    /// <summary>Number of getgid.</summary>
    public const int GetGid = 104;
    /// <summary>Number of geteuid.</summary>
    public const int GetEuid = 107;
    /// <summary>Number of getegid.</summary>
    public const int GetEgid = 108;
    /// <summary>Number of getppid.</summary>
    public const int GetPpid = 110;
    /// <summary>Number of mlock.</summary>
    public const int Mlock = 149;
    /// <summary>Number of munlock.</summary>
    public const int Munlock = 150;
    /// <summary>Number of sigaltstack.</summary>
    public const int Sigaltstack = 131;
    /// <summary>Number of arch_prctl.</summary>
    public const int ArchPrctl = 158;
    /// <summary>Number of gettid.</summary>
    public const int GetTid = 186;
    /// <summary>Number of time.</summary>
    public const int Time = 201;
    /// <summary>Number of sched_getaffinity.</summary>
    public const int SchedGetAffinity = 204;
    /// <summary>Number of set_tid_address.</summary>
    public const int SetTidAddress = 218;
    /// <summary>Number of clock_gettime.</summary>
    public const int ClockGetTime = 228;
    /// <summary>Number of clock_getres.</summary>
    public const int ClockGetRes = 229;
    /// <summary>Number of exit_group.</summary>
    public const int ExitGroup = 231;
    /// <summary>Number of openat.</summary>
    public const int OpenAt = 257;
    /// <summary>Number of newfstatat.</summary>
    public const int NewFstatAt = 262;
    /// <summary>Number of readlinkat.</summary>
    public const int ReadlinkAt = 267;
    /// <summary>Number of set_robust_list.</summary>
    public const int SetRobustList = 273;
    /// <summary>Number of prlimit64.</summary>
    public const int Prlimit64 = 302;
    /// <summary>Number of getrandom.</summary>
    public const int GetRandom = 318;
    /// <summary>Number of membarrier.</summary>
    public const int Membarrier = 324;
    /// <summary>Number of rseq.</summary>
    public const int Rseq = 334;
    /// <summary>Number of nanosleep.</summary>
    public const int Nanosleep = 35;
    /// <summary>Number of clock_nanosleep.</summary>
    public const int ClockNanosleep = 230;
    /// <summary>Number of clone.</summary>
    public const int Clone = 56;
    /// <summary>Number of clone3.</summary>
    public const int Clone3 = 435;
    /// <summary>Number of futex.</summary>
    public const int Futex = 202;
    /// <summary>Number of tgkill.</summary>
    public const int Tgkill = 234;
    /// <summary>Number of tkill.</summary>
    public const int Tkill = 200;
    /// <summary>Number of kill.</summary>
    public const int Kill = 62;
    /// <summary>Number of sysinfo.</summary>
    public const int Sysinfo = 99;
    /// <summary>Number of statfs.</summary>
    public const int Statfs = 137;
    /// <summary>Number of fstatfs.</summary>
    public const int Fstatfs = 138;
    /// <summary>Number of get_mempolicy.</summary>
    public const int GetMempolicy = 239;
    /// <summary>Number of rt_sigreturn.</summary>
    public const int RtSigreturn = 15;
    /// <summary>Number of prctl.</summary>
    public const int Prctl = 157;
    /// <summary>Number of sched_setaffinity.</summary>
    public const int SchedSetAffinity = 203;
    /// <summary>Number of mremap.</summary>
    public const int Mremap = 25;
    /// <summary>Number of getcwd.</summary>
    public const int Getcwd = 79;
    /// <summary>Number of fcntl.</summary>
    public const int Fcntl = 72;
    /// <summary>Number of lseek.</summary>
    public const int Lseek = 8;
    /// <summary>Number of pread64.</summary>
    public const int Pread64 = 17;
    /// <summary>Number of getdents64.</summary>
    public const int Getdents64 = 217;
    /// <summary>Number of pipe2.</summary>
    public const int Pipe2 = 293;
    /// <summary>Number of execve.</summary>
    public const int Execve = 59;

    /// <summary>Number of getrusage.</summary>
    public const int Getrusage = 98;
    /// <summary>Number of dup.</summary>
    public const int Dup = 32;
    /// <summary>Number of dup2.</summary>
    public const int Dup2 = 33;
    /// <summary>Number of dup3.</summary>
    public const int Dup3 = 292;

    /// <summary>Number of link.</summary>
    public const int Link = 86;
    /// <summary>Number of symlink.</summary>
    public const int Symlink = 88;
    /// <summary>Number of linkat.</summary>
    public const int LinkAt = 265;
    /// <summary>Number of symlinkat.</summary>
    public const int SymlinkAt = 266;
    /// <summary>Number of getcpu.</summary>
    public const int GetCpu = 309;
    /// <summary>Number of stat.</summary>
    public const int Stat = 4;
    /// <summary>Number of lstat.</summary>
    public const int Lstat = 6;
    /// <summary>Number of pwrite64.</summary>
    public const int Pwrite64 = 18;
    /// <summary>Number of flock.</summary>
    public const int Flock = 73;
    /// <summary>Number of fsync.</summary>
    public const int Fsync = 74;
    /// <summary>Number of fdatasync.</summary>
    public const int Fdatasync = 75;
    /// <summary>Number of ftruncate.</summary>
    public const int Ftruncate = 77;
    /// <summary>Number of rename.</summary>
    public const int Rename = 82;
    /// <summary>Number of mkdir.</summary>
    public const int Mkdir = 83;
    /// <summary>Number of rmdir.</summary>
    public const int Rmdir = 84;
    /// <summary>Number of unlink.</summary>
    public const int Unlink = 87;
    /// <summary>Number of fadvise64.</summary>
    public const int Fadvise64 = 221;
    /// <summary>Number of mkdirat.</summary>
    public const int MkdirAt = 258;
    /// <summary>Number of unlinkat.</summary>
    public const int UnlinkAt = 263;
    /// <summary>Number of renameat.</summary>
    public const int RenameAt = 264;
    /// <summary>Number of faccessat.</summary>
    public const int FAccessAt = 269;
    /// <summary>Number of renameat2.</summary>
    public const int RenameAt2 = 316;
    /// <summary>Number of faccessat2.</summary>
    public const int FAccessAt2 = 439;

    /// <summary>The name of call <paramref name="number"/>, or null when this table does not know it.</summary>
    public static string? Of(ulong number) => number switch
    {
        0 => "read", 1 => "write", 2 => "open", 3 => "close", 4 => "stat", 5 => "fstat", 6 => "lstat", 7 => "poll",
        8 => "lseek", 9 => "mmap", 10 => "mprotect", 11 => "munmap", 12 => "brk", 13 => "rt_sigaction",
        14 => "rt_sigprocmask", 15 => "rt_sigreturn", 16 => "ioctl", 17 => "pread64", 18 => "pwrite64", 19 => "readv",
        20 => "writev", 21 => "access", 22 => "pipe", 23 => "select", 24 => "sched_yield", 25 => "mremap",
        28 => "madvise", 32 => "dup", 33 => "dup2", 35 => "nanosleep", 39 => "getpid", 56 => "clone", 26 => "msync", 27 => "mincore", 57 => "fork",
        59 => "execve", 60 => "exit", 61 => "wait4", 62 => "kill", 63 => "uname", 72 => "fcntl", 79 => "getcwd",
        89 => "readlink", 96 => "gettimeofday", 98 => "getrusage", 97 => "getrlimit", 99 => "sysinfo", 102 => "getuid", 104 => "getgid",
        107 => "geteuid", 108 => "getegid", 110 => "getppid", 131 => "sigaltstack", 149 => "mlock", 150 => "munlock", 137 => "statfs", 138 => "fstatfs", 157 => "prctl",
        158 => "arch_prctl", 186 => "gettid", 200 => "tkill", 201 => "time", 202 => "futex",
        203 => "sched_setaffinity", 204 => "sched_getaffinity", 217 => "getdents64", 218 => "set_tid_address",
        228 => "clock_gettime", 229 => "clock_getres", 230 => "clock_nanosleep", 231 => "exit_group", 234 => "tgkill",
        239 => "get_mempolicy", 257 => "openat", 262 => "newfstatat", 267 => "readlinkat", 273 => "set_robust_list",
        73 => "flock", 74 => "fsync", 75 => "fdatasync", 77 => "ftruncate", 82 => "rename", 83 => "mkdir", 84 => "rmdir",
        86 => "link", 87 => "unlink", 88 => "symlink", 265 => "linkat", 266 => "symlinkat", 221 => "fadvise64", 258 => "mkdirat", 263 => "unlinkat", 264 => "renameat", 269 => "faccessat",
        309 => "getcpu", 316 => "renameat2", 332 => "statx", 439 => "faccessat2",
        292 => "dup3", 293 => "pipe2", 302 => "prlimit64", 318 => "getrandom", 324 => "membarrier", 334 => "rseq", 435 => "clone3",
        _ => null,
    };
}
