namespace Tally.Api.Webhooks;

/// <summary>
/// The TradingView alert webhook: the alert's JSON carries <see cref="Passphrase"/> in its <c>passphrase</c> field
/// (TradingView sends no headers of ours), and <see cref="Template"/> turns the alert into a signal.
/// </summary>
public sealed record TradingViewOptions(string Passphrase, WebhookTemplate Template);
