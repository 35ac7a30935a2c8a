//! The EPC payment QR code as a grey-scale raster, generated in Rust.
//!
//! One pixel per module with the 4-module quiet zone, placed in the PDF
//! without smoothing: the code is as sharp as a vector one, while Typst
//! takes raw pixels without parsing an SVG document for every invoice
//! (about a sixth of an invoice's rendering time; README, figures).

use care_core::receivables::reference::EpcPayment;
use qrcode::{Color, EcLevel, QrCode};
use serde::Serialize;

use crate::Error;

/// The quiet zone around the code, in modules (ISO/IEC 18004).
const QUIET_ZONE: usize = 4;

/// A QR code as 8-bit grey pixels, row by row from the top left: 0 for a
/// dark module, 255 for a light one, the quiet zone included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QrImage {
    /// Width and height in pixels (modules).
    pub size: usize,
    /// `size × size` pixels.
    pub pixels: Vec<u8>,
}

/// The EPC QR code of a payment, error correction level M (EPC069-12),
/// with its payload.
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
/// let (image, payload) = care_docs::qr::epc_qr(&payment)?;
/// assert_eq!(image.pixels.len(), image.size * image.size);
/// assert!(payload.starts_with("BCD\n002\n1\nSCT\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn epc_qr(payment: &EpcPayment) -> Result<(QrImage, String), Error> {
    let payload = payment.payload()?;
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|source| Error::Qr { source })?;
    let modules = code.width();
    let size = modules + 2 * QUIET_ZONE;
    let mut pixels = vec![255u8; size * size];
    for (k, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (x, y) = (k % modules + QUIET_ZONE, k / modules + QUIET_ZONE);
            pixels[y * size + x] = 0;
        }
    }
    Ok((QrImage { size, pixels }, payload))
}
