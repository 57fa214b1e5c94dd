using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;

namespace Hpc.Hosted;

/// <summary>
/// The running program as an <c>execve</c> call: the executable behind <c>/proc/self/exe</c>, the exact argv from
/// <c>/proc/self/cmdline</c> and the current environment with some variables set. Marshalled up front, so nothing
/// needs to be read or allocated between confining the thread and the <c>execve</c>.
/// </summary>
internal sealed unsafe class ExecImage : IDisposable
{
    /// <summary>The kernel's name for the running executable (the <c>dotnet</c> host or the app host).</summary>
    public const string SelfExecutable = "/proc/self/exe";

    /// <summary>The executable path, NUL-terminated UTF-8 in native memory.</summary>
    private readonly byte* _path;

    /// <summary>The native argv (NULL-terminated).</summary>
    private readonly byte** _argv;

    /// <summary>The native envp (NULL-terminated).</summary>
    private readonly byte** _envp;

    /// <summary>Marshals path, arguments and environment entries (<c>NAME=value</c>).</summary>
    private ExecImage(string path, IReadOnlyList<string> arguments, IReadOnlyList<string> environment)
    {
        Path = path;
        Arguments = arguments;
        Environment = environment;
        _path = ToNative(path);
        _argv = ToNative(arguments);
        _envp = ToNative(environment);
    }

    /// <summary>The executable to run.</summary>
    public string Path { get; }

    /// <summary>The argv, argv[0] included.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The environment as <c>NAME=value</c> entries.</summary>
    public IReadOnlyList<string> Environment { get; }

    /// <summary>This program again, with the same argv and the current environment plus <paramref name="overrides"/>.</summary>
    public static ExecImage OfSelf(IReadOnlyDictionary<string, string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        Dictionary<string, string> variables = new(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        foreach ((string name, string value) in overrides)
        {
            variables[name] = value;
        }

        return new ExecImage(Executable(), CommandLine(), [.. variables.Select(v => $"{v.Key}={v.Value}")]);
    }

    /// <summary>
    /// The running executable's path. Executing the resolved path rather than <c>/proc/self/exe</c> keeps the process
    /// name (<c>comm</c>, as ps and top show it) <c>dotnet</c> or the app host's name instead of <c>exe</c>.
    /// </summary>
    public static string Executable()
    {
        FileSystemInfo? target = File.ResolveLinkTarget(SelfExecutable, returnFinalTarget: false);

        // A replaced or deleted binary reads as "path (deleted)": only the magic link still reaches it.
        return target is { Exists: true } ? target.FullName : SelfExecutable;
    }

    /// <summary>The argv the kernel started this process with (<c>/proc/self/cmdline</c>), empty arguments kept.</summary>
    public static string[] CommandLine()
    {
        byte[] raw = File.ReadAllBytes("/proc/self/cmdline");

        // Each argument ends in NUL; drop the last terminator only, so empty arguments survive.
        int length = raw.Length > 0 && raw[^1] == 0 ? raw.Length - 1 : raw.Length;
        return Encoding.UTF8.GetString(raw, 0, length).Split('\0');
    }

    /// <summary>Replaces the process image. Never returns: on failure it throws.</summary>
    /// <exception cref="ConfinementException">execve failed.</exception>
    [DoesNotReturn]
    public void Exec()
    {
        LibC.Execve(_path, _argv, _envp);
        throw ConfinementException.FromLastError($"execve({Path})");
    }

    /// <summary>Frees the native copies (only reached when <see cref="Exec"/> was not called or failed).</summary>
    public void Dispose()
    {
        NativeMemory.Free(_path);
        Free(_argv);
        Free(_envp);
    }

    /// <summary>A NUL-terminated UTF-8 copy in native memory.</summary>
    private static byte* ToNative(string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        byte* native = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(native, length));
        native[length] = 0;
        return native;
    }

    /// <summary>A NULL-terminated array of native strings.</summary>
    private static byte** ToNative(IReadOnlyList<string> texts)
    {
        byte** array = (byte**)NativeMemory.Alloc((nuint)(texts.Count + 1), (nuint)sizeof(byte*));
        for (int i = 0; i < texts.Count; i++)
        {
            array[i] = ToNative(texts[i]);
        }

        array[texts.Count] = null;
        return array;
    }

    /// <summary>Frees a NULL-terminated array of native strings.</summary>
    private static void Free(byte** array)
    {
        for (byte** entry = array; *entry != null; entry++)
        {
            NativeMemory.Free(*entry);
        }

        NativeMemory.Free(array);
    }
}
