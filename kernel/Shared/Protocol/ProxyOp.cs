namespace Hpc.Protocol;

/// <summary>
/// What a record on a rank's or isle's ring asks the proxy for. Each op's payload is a parameter struct named after
/// it (<see cref="ExitParams"/>, <see cref="FileParams"/>, ...) followed by its variable part.
/// </summary>
internal enum ProxyOp : ushort
{
    /// <summary>Bytes for the rank's standard output. Payload: the bytes.</summary>
    Stdout = 1,
    /// <summary>Bytes for the rank's standard error. Payload: the bytes.</summary>
    Stderr = 2,
    /// <summary>The rank ended. Payload: <see cref="ExitParams"/> then a UTF-8 description.</summary>
    RankExit = 3,
    /// <summary>A one-time notice from an isle (e.g. "Landlock unavailable"). Payload: UTF-8 text.</summary>
    IsleNotice = 4,
    /// <summary>On an isle's ring: a rank called Environment.Exit, which ends the whole isle. Payload: <see cref="ExitParams"/>.</summary>
    IsleExit = 5,
    /// <summary>
    /// On an isle's ring: an exception escaped a thread that belongs to no rank any more (a thread a rank started:
    /// the runtime reports it outside the rank's context). Payload: <see cref="ExitParams"/> then a UTF-8 description.
    /// </summary>
    IsleFailure = 6,
    /// <summary>
    /// On an isle's ring: processes the job started were still running when its ranks had all returned (they die with
    /// the isle's pid namespace; the job is not clean). Payload: UTF-8 description ("3 processes: dotnet, sh").
    /// </summary>
    IsleLeftovers = 7,

    /// <summary>Open a file. Payload: <see cref="FileParams"/> (Flags, Mode) then the UTF-8 path. Reply: handle.</summary>
    Open = 16,
    /// <summary>Read at the current offset. Payload: <see cref="FileParams"/> (Handle, Count). Reply: count + data.</summary>
    Read = 17,
    /// <summary>Write at the current offset. Payload: <see cref="FileParams"/> (Handle) then the data.</summary>
    Write = 18,
    /// <summary>Read at an offset. Payload: <see cref="FileParams"/> (Handle, Count, Offset). Reply: count + data.</summary>
    PRead = 19,
    /// <summary>Write at an offset. Payload: <see cref="FileParams"/> (Handle, Offset) then the data.</summary>
    PWrite = 20,
    /// <summary>Move the offset. Payload: <see cref="FileParams"/> (Handle, Offset, Whence). Reply: new offset.</summary>
    Seek = 21,
    /// <summary>Close. Payload: <see cref="FileParams"/> (Handle). Reply: 0 or the first deferred write error.</summary>
    Close = 22,
    /// <summary>Stat an open file. Payload: <see cref="FileParams"/> (Handle). Reply: <see cref="StatReply"/>.</summary>
    FStat = 23,
    /// <summary>Report deferred write errors. Payload: <see cref="FileParams"/> (Handle). Reply: 0 or the error.</summary>
    Flush = 24,
    /// <summary>Set the file's length. Payload: <see cref="FileParams"/> (Handle, Offset = length).</summary>
    Truncate = 25,
    /// <summary>Write the file's data to its device (fsync). Payload: <see cref="FileParams"/> (Handle).</summary>
    Sync = 26,
    /// <summary>Stat a path. Payload: <see cref="FileParams"/> then the path. Reply: <see cref="StatReply"/>.</summary>
    Stat = 32,
    /// <summary>Remove a file. Payload: <see cref="FileParams"/> then the path.</summary>
    Unlink = 33,
    /// <summary>Make a directory. Payload: <see cref="FileParams"/> (Mode) then the path.</summary>
    Mkdir = 34,
    /// <summary>Remove an empty directory. Payload: <see cref="FileParams"/> then the path.</summary>
    Rmdir = 35,
    /// <summary>List a directory from entry <c>Offset</c> on. Payload: <see cref="FileParams"/> then the path.
    /// Reply: entry count, Extra = 1 when more follow, data = packed entries (<see cref="DirEntryCodec"/>).</summary>
    ReadDir = 36,
    /// <summary>Rename. Payload: <see cref="FileParams"/> (Count = byte length of the source) then source and target.</summary>
    Rename = 37,
    /// <summary>Stat a path without following a final symbolic link. Payload: <see cref="FileParams"/> then the path. Reply: <see cref="StatReply"/>.</summary>
    LStat = 38,
    /// <summary>Read a symbolic link's text. Payload: <see cref="FileParams"/> then the path. Reply: its length, data = the text (cut to the reply).</summary>
    ReadLink = 39,

    /// <summary>
    /// Read hermit-run's standard input (rank 0's; other ranks get end of input). Payload: <see cref="FileParams"/>
    /// (Count). Reply: result = bytes (the data), 0 at end of input, or -EAGAIN when none has arrived yet: the proxy
    /// rings the rank's doorbell when input arrives, and the rank asks again. The proxy never holds the request, so a
    /// rank waiting for input keeps its ring and reply area free for its other threads.
    /// </summary>
    StdinRead = 48,
}
