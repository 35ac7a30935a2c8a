//! The EPC payment QR code as an SVG image, generated in Rust.

use care_core::receivables::reference::EpcPayment;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use crate::Error;

/// The EPC QR code of a payment as an SVG document, error correction level
/// M (EPC069-12), with its payload.
///
/// # Errors
///
/// [`Error::Data`] when the payment is not valid for a QR code (bad IBAN,
/// amount not payable); [`Error::Qr`] when the payload does not fit.
///
/// # Example
///
/// ```
/// use care_core::receivables::reference::{EpcPayment, StructuredCommunication};
/// let payment = EpcPayment {
///     bic: "GKCCBEBB".into(), name: "OCMW Gent".into(), iban: "BE68539007547034".parse()?,
///     amount: "381.29".parse()?, reference: StructuredCommunication::for_share(&"AH-2026-00001".parse()?, 101, 0)?,
/// };
/// let (svg, payload) = care_docs::qr::epc_svg(&payment)?;
/// assert!(svg.starts_with("<?xml"));
/// assert!(payload.starts_with("BCD\n002\n1\nSCT\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn epc_svg(payment: &EpcPayment) -> Result<(String, String), Error> {
    let payload = payment.payload()?;
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|source| Error::Qr { source })?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(160, 160)
        .quiet_zone(true)
        .build();
    Ok((image, payload))
}
