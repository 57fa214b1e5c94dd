namespace Hpc.Proxy.Placement;

/// <summary>A placement request that cannot be met; the message is one line.</summary>
internal sealed class PlacementException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public PlacementException(string message)
        : base(message)
    {
    }
}
