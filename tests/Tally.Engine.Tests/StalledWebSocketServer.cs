using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Tally.Engine.Tests;

/// <summary>
/// A WebSocket server on 127.0.0.1 that completes the handshake and then never reads again: the client's pings go
/// unanswered, as when a peer or the path to it died without closing the TCP connection.
/// </summary>
internal sealed class StalledWebSocketServer : IAsyncDisposable
{
    // RFC 6455 §1.3: the server proves it read the key by hashing it with this fixed GUID.
    private const string HandshakeGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _handshakes;

    public StalledWebSocketServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>ws://127.0.0.1:port/ws/ — a stream base a listenKey can be appended to.</summary>
    public Uri StreamBase => new($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/ws/");

    public int Handshakes => Volatile.Read(ref _handshakes);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        lock (_held)
        {
            foreach (var client in _held)
            {
                client.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            lock (_held)
            {
                _held.Add(client);
            }

            var stream = client.GetStream();
            var request = new StringBuilder();
            var buffer = new byte[1];
            while (!request.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(buffer, _stop.Token) == 0)
                {
                    break;
                }

                request.Append((char)buffer[0]);
            }

            var key = request.ToString().Split("\r\n")
                .Select(line => line.Split(':', 2))
                .Where(parts => parts.Length == 2 && parts[0].Trim().Equals("Sec-WebSocket-Key", StringComparison.OrdinalIgnoreCase))
                .Select(parts => parts[1].Trim())
                .Single();
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 for the handshake; it protects nothing here
            var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + HandshakeGuid)));
#pragma warning restore CA5350
            var response = $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
            Interlocked.Increment(ref _handshakes);
        }
    }
}
