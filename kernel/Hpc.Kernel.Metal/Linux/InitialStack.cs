using Hpc.Kernel.Metal.Linux.Elf;

namespace Hpc.Kernel.Metal.Linux;

/// <summary>
/// Builds the process-entry stack of the x86-64 psABI (and Linux's execve) at the top of a stack block: from RSP
/// up, argc, argv[] and NULL, envp[] and NULL, the auxiliary vector ending in AT_NULL; above them the strings and
/// the 16 AT_RANDOM bytes. RSP ends 16-byte aligned.
/// </summary>
internal static unsafe class InitialStack
{
    /// <summary>Auxiliary entries written (each a key and a value), AT_NULL included.</summary>
    private const int AuxiliaryEntries = 19;

    /// <summary>Builds the stack below <paramref name="top"/>; returns the RSP to enter the program with.</summary>
    public static ulong Build(ulong top, string[] arguments, ProgramEnvironment environment, LoadedProgram program)
    {
        byte* cursor = (byte*)(top & ~15UL);
        byte* random = cursor -= 16;
        Entropy.Fill(random, 16);
        byte* platform = PushString(ref cursor, "x86_64");

        ulong* argumentAddresses = stackalloc ulong[arguments.Length + 1];
        for (int i = arguments.Length - 1; i >= 0; i--)
        {
            argumentAddresses[i] = (ulong)PushString(ref cursor, arguments[i]);
        }

        // The entries go up as one block (they are already NUL-terminated); envp points into it.
        int entries = environment.Count;
        cursor -= environment.Length;
        byte* block = cursor;
        for (int i = 0; i < environment.Length; i++)
        {
            block[i] = environment.Block[i];
        }

        ulong* environmentAddresses = stackalloc ulong[entries + 1];
        for (int i = 0, start = 0; i < entries; i++)
        {
            environmentAddresses[i] = (ulong)(block + start);
            while (block[start] != 0)
            {
                start++;
            }

            start++;
        }

        ulong words = 1 + (ulong)arguments.Length + 1 + (ulong)entries + 1 + 2 * AuxiliaryEntries;
        ulong* rsp = (ulong*)(((ulong)cursor - words * 8) & ~15UL);
        ulong* at = rsp;
        *at++ = (ulong)arguments.Length;
        for (int i = 0; i < arguments.Length; i++)
        {
            *at++ = argumentAddresses[i];
        }

        *at++ = 0;
        for (int i = 0; i < entries; i++)
        {
            *at++ = environmentAddresses[i];
        }

        *at++ = 0;
        Put(ref at, AuxiliaryVector.ProgramHeaders, program.ProgramHeaders);
        Put(ref at, AuxiliaryVector.ProgramHeaderSize, program.ProgramHeaderSize);
        Put(ref at, AuxiliaryVector.ProgramHeaderCount, program.ProgramHeaderCount);
        Put(ref at, AuxiliaryVector.PageSize, 4096);
        Put(ref at, AuxiliaryVector.InterpreterBase, 0);
        Put(ref at, AuxiliaryVector.Flags, 0);
        Put(ref at, AuxiliaryVector.Entry, program.Entry);
        Put(ref at, AuxiliaryVector.Uid, 0);
        Put(ref at, AuxiliaryVector.EffectiveUid, 0);
        Put(ref at, AuxiliaryVector.Gid, 0);
        Put(ref at, AuxiliaryVector.EffectiveGid, 0);
        Put(ref at, AuxiliaryVector.Platform, (ulong)platform);
        Put(ref at, AuxiliaryVector.HardwareCapabilities, 0);
        Put(ref at, AuxiliaryVector.ClockTicks, 100);
        Put(ref at, AuxiliaryVector.Secure, 0);
        Put(ref at, AuxiliaryVector.Random, (ulong)random);
        Put(ref at, AuxiliaryVector.HardwareCapabilities2, 0);
        Put(ref at, AuxiliaryVector.ExecutableName, arguments.Length > 0 ? argumentAddresses[0] : (ulong)platform);
        Put(ref at, AuxiliaryVector.Null, 0);
        return (ulong)rsp;
    }

    /// <summary>Writes one auxiliary entry.</summary>
    private static void Put(ref ulong* at, ulong key, ulong value)
    {
        *at++ = key;
        *at++ = value;
    }

    /// <summary>Copies <paramref name="text"/> (ASCII/Latin-1) NUL-terminated below <paramref name="cursor"/>; returns its address.</summary>
    private static byte* PushString(ref byte* cursor, string text)
    {
        cursor -= text.Length + 1;
        for (int i = 0; i < text.Length; i++)
        {
            cursor[i] = (byte)text[i];
        }

        cursor[text.Length] = 0;
        return cursor;
    }
}
