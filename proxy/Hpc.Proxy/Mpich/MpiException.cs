namespace Hpc.Proxy.Mpich;

/// <summary>An MPI call returned an error code; the message holds MPICH's own text for it.</summary>
internal sealed class MpiException : Exception
{
    /// <summary>Creates the exception for <paramref name="code"/> returned by <paramref name="call"/>.</summary>
    public MpiException(string call, int code)
        : base($"{call} failed: {MpiCalls.ErrorText(code)} (MPI error {code})")
    {
        Call = call;
        Code = code;
    }

    /// <summary>The MPI function that failed.</summary>
    public string Call { get; }

    /// <summary>The MPI error code.</summary>
    public int Code { get; }
}
