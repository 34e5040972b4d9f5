DROP TRIGGER requests_take_number ON requests;
DROP FUNCTION requests_take_number();
