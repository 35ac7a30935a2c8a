//! care-docs: documents as PDF through Typst (issue 3). Empty for now.
