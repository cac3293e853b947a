using System.Net;
using Tally.Api.Webhooks;
using Tally.Core;

namespace Tally.Api;

/// <summary>
/// How the HTTP API listens and whom it lets in. Writes (signals, webhooks) always need <see cref="Token"/> (the
/// TradingView webhook its own passphrase instead); reads need it too when <see cref="ListenAddress"/> is not a
/// loopback address.
/// </summary>
public sealed class ApiOptions
{
    /// <summary>The port <c>tally run</c> listens on unless told otherwise.</summary>
    public const int DefaultPort = 8787;

    /// <summary>The environment variable the token is read from when the config file has none.</summary>
    public const string TokenVariable = "TALLY_API_TOKEN";

    /// <summary>Loopback unless configured: the API places orders, so it is not on the network by accident.</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>0 for any free port (the address actually bound is logged and printed).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The bearer token; null refuses every write (401) and, beyond loopback, every read.</summary>
    public string? Token { get; init; }

    /// <summary>Writes accepted per <see cref="RateWindow"/>, over all callers together; beyond it 429.</summary>
    public int WritesPerWindow { get; init; } = 120;

    public TimeSpan RateWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The venue of a signal that names none (<c>tally run</c>: its first account's).</summary>
    public string DefaultVenue { get; init; } = Fill.DefaultVenue;

    /// <summary>The account of a signal that names none (<c>tally run</c>: its first account's).</summary>
    public string DefaultAccount { get; init; } = Fill.DefaultAccount;

    /// <summary>The TradingView webhook; null answers every alert 401.</summary>
    public TradingViewOptions? TradingView { get; init; }

    /// <summary>True when only this machine can reach the API, so reads need no token.</summary>
    public bool IsLoopback => IPAddress.IsLoopback(ListenAddress);
}
