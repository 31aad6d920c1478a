"""What commands show: documents built from records (pure), and the output layer that renders them."""
